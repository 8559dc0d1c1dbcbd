/**
 * Where typed text is derived: in a Web Worker in the browser (the page's thread stays free while 1,000 policies
 * are re-read), or in-thread where there is no Worker (Vitest in Node) or the worker failed to start. Both run
 * the same Deriver; the store does not care which one it has.
 *
 * Each submit supersedes every earlier one: results are delivered for the latest text only, in order (the
 * projection, then the analysis), and never after `cancel`.
 */
import { Deriver, type Analysis, type Projection } from './derivation.ts';
import { joinParts, type WirePart } from './parts.ts';
import { WireReceiver, type WireProjection } from './wire.ts';

export interface DeriveHandlers {
  /** The text was read and (unless it has errors) projected. */
  projected(projection: Projection): void;
  /** Lint findings, quick fixes and end-to-end edge marks of the same text, a moment later. */
  analyzed(analysis: Analysis): void;
}

export interface DeriveEngine {
  readonly kind: 'worker' | 'inline';
  submit(text: string, handlers: DeriveHandlers): void;
  /**
   * Only the analysis of a text the page has already projected (`projection`, an outside change): like `submit`,
   * it supersedes every earlier request, and its result comes later (after the next paint in-thread, from the
   * worker otherwise). `force`: the projection was forced (a loaded document with errors still gets its graph).
   */
  analyze(text: string, projection: Projection, force: boolean, handlers: Pick<DeriveHandlers, 'analyzed'>): void;
  /**
   * A whole new document (an import): read and projected, `force`d (drawn despite errors), off the page's thread
   * where possible. Unlike `submit`, later requests do not supersede it: `loaded` is called once, in-thread at once,
   * from a worker in the task after the one that received its projection (taking in a cluster-sized projection
   * and showing it are each a good part of a long task). Its analysis is asked for afterwards, with `analyze`,
   * like any outside change's.
   */
  load(text: string, loaded: (projection: Projection) => void): void;
  /** The document changes are measured against (Analysis.changes), for every later request; null: none. */
  setBaseline(text: string | null): void;
  /** Drops the request in flight: its handlers are not called any more (an outside change took over). */
  cancel(): void;
  dispose(): void;
}

/** Page → worker. */
export type WorkerRequest =
  | { type: 'derive'; seq: number; text: string; force?: boolean }
  | { type: 'cancel'; seq: number }
  | { type: 'baseline'; seq: number; text: string | null };

/** Worker → page. The projection comes without what the page already has (see wire.ts). */
export type WorkerResponse =
  | { type: 'part'; seq: number; part: WirePart }
  | { type: 'projected'; seq: number; wire: WireProjection }
  | { type: 'analyzed'; seq: number; analysis: Analysis }
  | { type: 'failed'; seq: number; message: string };

/** Runs `task` after the page had a chance to paint (after the next frame), or soon where there are no frames. */
export function afterPaint(task: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(task, 0));
  else setTimeout(task, 0);
}

/** In-thread: the projection at once (inside `submit`), the analysis after the next paint. */
export class InlineEngine implements DeriveEngine {
  readonly kind = 'inline';
  private ticket = 0;
  private readonly deriver: Deriver;
  private readonly later: (task: () => void) => void;

  constructor(deriver = new Deriver(), later: (task: () => void) => void = afterPaint) {
    this.deriver = deriver;
    this.later = later;
  }

  submit(text: string, handlers: DeriveHandlers): void {
    const ticket = ++this.ticket;
    const projection = this.deriver.project(text);
    handlers.projected(projection);
    if (ticket !== this.ticket) return; // the handler submitted or cancelled
    this.later(() => {
      if (ticket === this.ticket) handlers.analyzed(this.deriver.analyze(projection));
    });
  }

  analyze(_text: string, projection: Projection, _force: boolean, handlers: Pick<DeriveHandlers, 'analyzed'>): void {
    const ticket = ++this.ticket;
    this.later(() => {
      if (ticket === this.ticket) handlers.analyzed(this.deriver.analyze(projection));
    });
  }

  load(text: string, loaded: (projection: Projection) => void): void {
    loaded(this.deriver.project(text, true));
  }

  setBaseline(text: string | null): void {
    this.deriver.setBaseline(text);
  }

  cancel(): void {
    this.ticket++;
  }

  dispose(): void {
    this.cancel();
  }
}

/** What the engine needs of a Worker (a fake one in the tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  onmessage: ((event: { data: WorkerResponse }) => void) | null;
  onerror: ((event: { preventDefault(): void }) => void) | null;
  onmessageerror?: ((event: unknown) => void) | null;
  terminate(): void;
}

/**
 * Backed by the derive worker(s). Requests carry a sequence number; a response for any other than the latest is
 * dropped. With a second worker (`analyst`), that one lints and annotates while the first only projects, so a
 * long analysis never delays the next graph. The analyst gets a text once its graph is on the page, so the two
 * never compete for the cores while the user waits for the graph.
 * If a worker fails (it did not load, or a message could not be read), the engine carries on in-thread from the
 * request in flight, silently: the designer works the same, only slower on large documents.
 *
 * The analyst starts on a text a moment after its graph is on the page (`analysisDelay`: a pause in the typing),
 * and a newer text makes the analysis of an older one pointless. An analysis cannot be stopped half-way (linting
 * 1,000 policies is one call of a second or more, and the worker reads no message meanwhile), so with
 * `newAnalyst` an analyst still busy with a superseded text is terminated when the newer text is submitted, and a
 * fresh one is started when there is something to analyse again: while the user types, no analysis of a text
 * already typed over takes a core from the next text's graph (on a 2-core machine the page, the projector and a
 * busy analyst made every keystroke in a 1,000-policy document wait for a core).
 */
export class WorkerEngine implements DeriveEngine {
  private seq = 0;
  private pending: {
    seq: number;
    text: string;
    handlers: DeriveHandlers;
    /** Set for an analysis only (`analyze`): the page's projection, and whether it was forced. */
    analysisOf?: { projection: Projection; force: boolean };
  } | null = null;
  private fallback: DeriveEngine | null = null;
  /** The last baseline set, for a fallback engine. */
  private baseline: string | null = null;
  private readonly wire = new WireReceiver();
  /** The text of every request still answered by the worker, by sequence number (to decode its projection). */
  private readonly texts = new Map<number, string>();
  /** Parts of the projection being received (parts.ts). */
  private readonly parts: WirePart[] = [];
  /** Loads (`load`) not answered yet, by sequence number: no later request supersedes them. */
  private readonly loads = new Map<number, { text: string; loaded: (projection: Projection) => void }>();
  /** Requests sent and responses handled, for the e2e check that the worker is really used. */
  readonly stats = { sent: 0, received: 0 };

  private readonly projector: WorkerLike;
  /** The analyst, when the work is split; undefined after a busy one was terminated, until one is needed. */
  private analyst: WorkerLike | undefined;
  private readonly split: boolean;
  private readonly makeFallback: () => DeriveEngine;
  private readonly newAnalyst: (() => WorkerLike) | undefined;
  private readonly analysisDelay: (task: () => void) => () => void;
  /** Cancels the analysis scheduled for the text whose graph is on the page. */
  private cancelScheduled: (() => void) | null = null;
  /** The request the analyst is working on (sent, not answered yet), if any. */
  private analystBusyWith: number | null = null;
  /** Analysts terminated because they were busy with a superseded text (for the tests). */
  analystsReplaced = 0;

  constructor(
    worker: WorkerLike,
    makeFallback: () => DeriveEngine = () => new InlineEngine(),
    analyst?: WorkerLike,
    newAnalyst?: () => WorkerLike,
    /** Runs the analyst's next request (returns a canceller); at once unless given. */
    analysisDelay: (task: () => void) => () => void = (task) => (task(), () => {}),
  ) {
    this.projector = worker;
    this.analyst = analyst;
    this.split = analyst !== undefined;
    this.makeFallback = makeFallback;
    this.newAnalyst = newAnalyst;
    this.analysisDelay = analysisDelay;
    for (const w of this.workers) this.listen(w);
  }

  private get workers(): WorkerLike[] {
    return this.analyst ? [this.projector, this.analyst] : [this.projector];
  }

  private listen(w: WorkerLike): void {
    w.onmessage = (event) => (w === this.analyst ? this.receiveAnalysis(event.data) : this.receive(event.data));
    w.onerror = (event) => {
      event.preventDefault();
      this.fail();
    };
    w.onmessageerror = () => this.fail();
  }

  private cancelScheduledAnalysis(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
  }

  /** A newer request supersedes what the analyst has: drops a scheduled analysis and stops a busy analyst. */
  private supersedeAnalysis(): void {
    this.cancelScheduledAnalysis();
    if (this.analyst && this.analystBusyWith !== null && this.newAnalyst) {
      this.analyst.terminate();
      this.analyst = undefined;
      this.analystBusyWith = null;
      this.analystsReplaced++;
    }
  }

  /** Sends the analyst a text to analyse, starting a fresh analyst (with the baseline) if there is none. */
  private toAnalyst(request: WorkerRequest & { type: 'derive' }): void {
    if (!this.analyst) {
      if (!this.newAnalyst) return;
      try {
        this.analyst = this.newAnalyst();
      } catch {
        return this.fail();
      }
      this.listen(this.analyst);
      if (this.baseline !== null) this.analyst.postMessage({ type: 'baseline', seq: this.seq, text: this.baseline });
    }
    this.analystBusyWith = request.seq;
    this.analyst.postMessage(request);
  }

  get kind(): 'worker' | 'inline' {
    return this.fallback ? 'inline' : 'worker';
  }

  submit(text: string, handlers: DeriveHandlers): void {
    if (this.fallback) return this.fallback.submit(text, handlers);
    this.supersedeAnalysis();
    const seq = ++this.seq;
    this.pending = { seq, text, handlers };
    this.texts.set(seq, text);
    this.stats.sent++;
    this.projector.postMessage({ type: 'derive', seq, text });
  }

  analyze(text: string, projection: Projection, force: boolean, handlers: Pick<DeriveHandlers, 'analyzed'>): void {
    if (this.fallback) return this.fallback.analyze(text, projection, force, handlers);
    this.supersedeAnalysis();
    const seq = ++this.seq;
    this.pending = { seq, text, handlers: { projected: () => {}, ...handlers }, analysisOf: { projection, force } };
    if (!this.split) this.texts.set(seq, text);
    this.stats.sent++;
    // The analyst re-reads the text with its own parse cache; a lone worker also posts a projection, decoded
    // (it counts on the page having its values) and not handed on.
    if (this.split) this.toAnalyst({ type: 'derive', seq, text, force });
    else this.projector.postMessage({ type: 'derive', seq, text, force });
  }

  load(text: string, loaded: (projection: Projection) => void): void {
    if (this.fallback) return this.fallback.load(text, loaded);
    const seq = ++this.seq;
    this.loads.set(seq, { text, loaded });
    this.texts.set(seq, text);
    this.stats.sent++;
    this.projector.postMessage({ type: 'derive', seq, text, force: true });
  }

  setBaseline(text: string | null): void {
    this.baseline = text;
    if (this.fallback) return this.fallback.setBaseline(text);
    for (const w of this.workers) w.postMessage({ type: 'baseline', seq: this.seq, text });
  }

  cancel(): void {
    if (this.fallback) return this.fallback.cancel();
    this.cancelScheduledAnalysis();
    if (!this.pending) return;
    this.pending = null;
    const seq = ++this.seq;
    for (const w of this.workers) w.postMessage({ type: 'cancel', seq });
  }

  dispose(): void {
    this.pending = null;
    this.cancelScheduledAnalysis();
    this.fallback?.dispose();
    for (const w of this.workers) w.terminate();
  }

  /** From the (first) worker: projections, and analyses when there is no analyst. */
  private receive(message: WorkerResponse): void {
    // A large projection's lists come ahead in parts, a message each (parts.ts).
    if (message.type === 'part') {
      this.parts.push(message.part);
      return;
    }
    let projection: Projection | undefined;
    if (message.type === 'projected') {
      // Every projection is decoded, even a superseded one: the worker counts on the page having its values.
      try {
        joinParts(message.wire, this.parts.splice(0));
        projection = this.wire.decode(message.wire, this.texts.get(message.seq) ?? '');
      } catch {
        this.fail();
        return;
      }
      this.texts.delete(message.seq);
    }
    for (const seq of this.texts.keys()) if (seq < message.seq) this.texts.delete(seq);
    const load = this.loads.get(message.seq);
    if (load && message.type !== 'analyzed') {
      this.loads.delete(message.seq);
      if (message.type === 'failed') return this.fail(load);
      this.stats.received++;
      const loaded = projection!;
      setTimeout(() => load.loaded(loaded), 0);
      return;
    }
    const pending = this.pending;
    if (!pending || message.seq !== pending.seq) return; // superseded or cancelled
    switch (message.type) {
      case 'projected':
        if (pending.analysisOf) break;
        this.stats.received++;
        pending.handlers.projected(projection!);
        if (this.split && this.pending === pending)
          this.cancelScheduled = this.analysisDelay(() => {
            this.cancelScheduled = null;
            if (this.pending === pending) this.toAnalyst({ type: 'derive', seq: pending.seq, text: pending.text });
          });
        break;
      case 'analyzed':
        this.receiveAnalysis(message);
        break;
      case 'failed':
        this.fail();
        break;
    }
  }

  private receiveAnalysis(message: WorkerResponse): void {
    if (message.seq === this.analystBusyWith) this.analystBusyWith = null;
    const pending = this.pending;
    if (!pending || message.seq !== pending.seq) return; // superseded or cancelled
    if (message.type === 'failed') return this.fail();
    if (message.type !== 'analyzed') return;
    this.pending = null;
    this.stats.received++;
    pending.handlers.analyzed(message.analysis);
  }

  private fail(failedLoad?: { text: string; loaded: (projection: Projection) => void }): void {
    if (this.fallback) return;
    this.cancelScheduledAnalysis();
    this.fallback = this.makeFallback();
    this.fallback.setBaseline(this.baseline);
    for (const w of this.workers) w.terminate();
    // Loads still unanswered are done in-thread, in the order asked, before the request in flight.
    const loads = [...(failedLoad ? [failedLoad] : []), ...this.loads.values()];
    this.loads.clear();
    for (const load of loads) this.fallback.load(load.text, load.loaded);
    const pending = this.pending;
    this.pending = null;
    if (pending?.analysisOf)
      this.fallback.analyze(pending.text, pending.analysisOf.projection, pending.analysisOf.force, pending.handlers);
    else if (pending) this.fallback.submit(pending.text, pending.handlers);
  }
}

/**
 * A worker-backed engine where the page can start workers (one projects, one analyses), else the in-thread
 * engine.
 */
/**
 * How long after a typed text's graph is on the page its analysis (lint, edge marks, changes) starts: typing on
 * within that time supersedes it before it takes a core.
 */
const ANALYSIS_DELAY_MS = 1000;

const startDeriveWorker = (name: 'derive-project' | 'derive-analyze'): WorkerLike =>
  new Worker(new URL('./derive.worker.ts', import.meta.url), { type: 'module', name }) as unknown as WorkerLike;

export function createDeriveEngine(): DeriveEngine {
  if (typeof Worker !== 'function') return new InlineEngine();
  const started: WorkerLike[] = [];
  try {
    started.push(startDeriveWorker('derive-project'), startDeriveWorker('derive-analyze'));
    return new WorkerEngine(
      started[0]!,
      () => new InlineEngine(),
      started[1],
      () => startDeriveWorker('derive-analyze'),
      (task) => {
        const timer = setTimeout(task, ANALYSIS_DELAY_MS);
        return () => clearTimeout(timer);
      },
    );
  } catch {
    for (const w of started) w.terminate();
    return new InlineEngine();
  }
}
