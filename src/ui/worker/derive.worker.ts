/**
 * The derive worker: typed text is read, projected, linted and annotated here, off the page's thread, with a
 * parse cache of its own (a keystroke re-parses only the document it changed). See deriveService.ts.
 */
import { deriveService } from './deriveService.ts';
import type { WorkerRequest, WorkerResponse } from './engine.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;
const handle = deriveService((response) => scope.postMessage(response));
scope.onmessage = (event) => handle(event.data);
