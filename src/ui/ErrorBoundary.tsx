import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorText } from './text.ts';

/**
 * The last resort: each region has its own boundary (RegionBoundary.tsx), so this shows only when the page itself
 * fails. The document is not lost: it was autosaved, and it is shown here to copy. `onCrash` marks the start as
 * failed, so reloading opens the text in safe mode (persistence/startupGuard.ts) instead of crashing again.
 */
export class ErrorBoundary extends Component<
  { children: ReactNode; documentText: () => string; onCrash?: () => void },
  { error: Error | null }
> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn('Netpol Designer crashed while rendering', error, info.componentStack);
    this.props.onCrash?.();
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="crash" role="alert">
        <h1>Something went wrong in the designer</h1>
        <p>
          Your document is saved in this browser. Reload to open its text again (without the graph, until your next
          edit); the text is below in case you want a copy.
        </p>
        <p>
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </p>
        <pre>{errorText(this.state.error)}</pre>
        <textarea readOnly aria-label="Document text" value={this.props.documentText()} rows={20} />
      </main>
    );
  }
}
