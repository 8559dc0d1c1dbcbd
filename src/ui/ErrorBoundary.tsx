import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * If rendering fails, the document is not lost: it was autosaved, and it is shown here to copy. Reloading
 * opens it again.
 */
export class ErrorBoundary extends Component<
  { children: ReactNode; documentText: () => string },
  { error: Error | null }
> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn('Netpol Designer crashed while rendering', error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="crash" role="alert">
        <h1>Something went wrong in the designer</h1>
        <p>
          Your document is saved in this browser. Reload to open it again; its text is below in case you want a copy.
        </p>
        <p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </p>
        <pre>{this.state.error.message}</pre>
        <textarea readOnly aria-label="Document text" value={this.props.documentText()} rows={20} />
      </main>
    );
  }
}
