/**
 * The derive worker: typed text is read, projected, linted and annotated here, off the page's thread, with a
 * parse cache of its own (a keystroke re-parses only the document it changed). Its role comes from its name: the page
 * starts one that projects and one that analyses. See deriveService.ts.
 */
import { deriveService, type DeriveRole } from './deriveService.ts';
import type { WorkerRequest, WorkerResponse } from './engine.ts';

interface WorkerScope {
  name: string;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;
const ROLES: Record<string, DeriveRole> = { 'derive-project': 'project', 'derive-analyze': 'analyze' };
const handle = deriveService((response) => scope.postMessage(response), undefined, ROLES[scope.name] ?? 'both');
scope.onmessage = (event) => handle(event.data);
