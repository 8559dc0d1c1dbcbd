/**
 * The derive worker's side of the protocol, apart from the worker global so that it can be tested in Node: reads
 * and projects each requested text, posts the projection, then lints and annotates it and posts the analysis. A
 * newer request (or a cancel) makes the remaining work of an older one pointless: the analysis steps check for it
 * between steps and stop. The page drops stale responses anyway, by sequence number.
 */
import { Deriver, type Projection } from './derivation.ts';
import type { WorkerRequest, WorkerResponse } from './engine.ts';
import { splitParts } from './parts.ts';
import { WireSender } from './wire.ts';
import { errorText } from '../text.ts';

/** Lets requests already queued (a newer text, a cancel) be handled before the next step. */
const nextTask = (task: () => void) => {
  setTimeout(task, 0);
};

/**
 * `both`: one worker projects and then analyses. `project` / `analyze`: two workers share the work, so that a
 * long analysis (lint and annotation of 1,000 policies take a second) never delays the next text's graph.
 */
export type DeriveRole = 'both' | 'project' | 'analyze';

export function deriveService(
  post: (response: WorkerResponse) => void,
  later: (task: () => void) => void = nextTask,
  role: DeriveRole = 'both',
): (request: WorkerRequest) => void {
  const deriver = new Deriver();
  const wire = new WireSender();
  /** The newest sequence number seen (a derive or a cancel). */
  let latest = 0;
  return (request) => {
    latest = Math.max(latest, request.seq);
    if (request.type === 'baseline') return deriver.setBaseline(request.text);
    if (request.type !== 'derive') return;
    const { seq } = request;
    // The deriver never throws (a failure of the core is a diagnostic); should encoding fail, the page carries on
    // in-thread.
    const projection: Projection = deriver.project(request.text, request.force);
    if (role !== 'analyze') {
      let encoded: ReturnType<WireSender['encode']>;
      try {
        // Without what the page already has: the text, and the parsed values of documents it has seen.
        encoded = wire.encode(projection);
      } catch (error) {
        post({ type: 'failed', seq, message: errorText(error) });
        return;
      }
      // A whole new document (forced: a load) in parts; a keystroke's projection is mostly references, and goes whole.
      if (request.force) for (const part of splitParts(encoded)) post({ type: 'part', seq, part });
      post({ type: 'projected', seq, wire: encoded });
    }
    if (role === 'project') return;
    later(() => {
      if (seq !== latest) return;
      const lint = deriver.lint(projection.result);
      later(() => {
        if (seq !== latest) return;
        const annotations = deriver.annotate(projection);
        post({ type: 'analyzed', seq, analysis: { ...lint, annotations, changes: deriver.changes(projection) } });
      });
    });
  };
}
