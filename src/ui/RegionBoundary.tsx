import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useDesigner } from './store/designerContext.ts';
import { errorText } from './text.ts';

interface Props {
  /** What the region is, for the message: `canvas`, `inspector`, `Problems list`, `editor`. */
  name: string;
  children: ReactNode;
  /** A change of this value (a new text) clears the error and renders the region again. */
  resetKey?: unknown;
}

interface State {
  error: unknown;
  resetKey: unknown;
  failed: boolean;
}

/**
 * The second line of defence (issue #17): a render error in one region of the designer is caught there, with a
 * message and a way to retry, and the rest of the page (above all the editor with the user's text) carries on.
 * The region is tried again by itself when the document changes.
 */
export class RegionBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey, failed: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey === state.resetKey) return null;
    return { resetKey: props.resetKey, failed: false, error: null };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.warn(`Netpol Designer: the ${this.props.name} failed to render`, error, info.componentStack);
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="region-error" role="alert" data-region={this.props.name}>
        <p>
          <strong>The {this.props.name} could not be shown.</strong> Your text is kept; fix it in the editor, or try
          again.
        </p>
        <pre>{errorText(this.state.error)}</pre>
        <button type="button" onClick={() => this.setState({ failed: false, error: null })}>
          Try again
        </button>
      </div>
    );
  }
}

/** A region that is tried again whenever the document's text changes. */
export function Region({ name, children }: { name: string; children: ReactNode }) {
  const text = useDesigner((s) => s.text);
  return (
    <RegionBoundary name={name} resetKey={text}>
      {children}
    </RegionBoundary>
  );
}
