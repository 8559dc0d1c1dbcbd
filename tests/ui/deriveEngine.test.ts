import { describe, expect, it } from 'vitest';
import { read } from '../../src/core/index.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';
import { Deriver, type Analysis, type Projection } from '../../src/ui/derive/derivation.ts';
import { InlineEngine, WorkerEngine, type DeriveEngine, type DeriveHandlers } from '../../src/ui/derive/engine.ts';
import { PART_ITEMS } from '../../src/ui/derive/parts.ts';
import { WireReceiver, WireSender } from '../../src/ui/derive/wire.ts';
import { FakeWorker } from './fakeWorker.ts';

function recorder() {
  const log: { text: string; kind: 'projected' | 'analyzed'; value: Projection | Analysis }[] = [];
  const handlersFor = (text: string): DeriveHandlers => ({
    projected: (value) => log.push({ text, kind: 'projected', value }),
    analyzed: (value) => log.push({ text, kind: 'analyzed', value }),
  });
  return { log, handlersFor };
}

const V1 = EXAMPLE_DOCUMENT;
const V2 = EXAMPLE_DOCUMENT.replace('app: db', 'app: database');

describe('worker engine', () => {
  it('applies only the latest request: answers for an older text, arriving after a newer one was sent, are dropped', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker);
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    worker.runTasks(); // the worker answered V1 fully before it saw V2
    engine.submit(V2, handlersFor(V2));
    worker.runTasks();
    expect(worker.outbox.map((m) => [m.type, m.seq])).toEqual([
      ['projected', 1],
      ['analyzed', 1],
      ['projected', 2],
      ['analyzed', 2],
    ]);
    for (const m of worker.outbox.splice(0, 2)) worker.deliver(m);
    expect(log).toEqual([]);
    worker.deliver(worker.outbox.shift()!);
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([['V2', 'projected']]);
    const projection = log[0]!.value as Projection;
    expect(projection.result.text).toBe(V2);
    expect(projection.graph?.nodes.some((n) => n.id.includes('app=database'))).toBe(true);
    worker.deliver(worker.outbox.shift()!);
    expect(log.map((e) => e.kind)).toEqual(['projected', 'analyzed']);
    expect(engine.stats).toEqual({ sent: 2, received: 2 });
  });

  it('skips the analysis of a text that a newer one superseded before the worker got to it', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker);
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    engine.submit(V2, handlersFor(V2));
    worker.runTasks();
    expect(worker.outbox.map((m) => [m.type, m.seq])).toEqual([
      ['projected', 1],
      ['projected', 2],
      ['analyzed', 2],
    ]);
    worker.flush();
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([
      ['V2', 'projected'],
      ['V2', 'analyzed'],
    ]);
  });

  it('falls back to in-thread derivation if a projection cannot be decoded (it refers to an item never sent)', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker, () => new InlineEngine(new Deriver(), () => {}));
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    const first = worker.take('projected');
    engine.submit(V2, handlersFor(V2));
    // The first message is lost: the second refers to nodes the page never received.
    worker.deliver(worker.take('projected'));
    void first;
    expect(engine.kind).toBe('inline');
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([['V2', 'projected']]);
    expect((log[0]!.value as Projection).graph?.nodes.some((n) => n.id.includes('app=database'))).toBe(true);
  });

  it('would fail if a stale analysis were applied: a forged late response for an old request changes nothing', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker);
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    worker.runTasks();
    const oldAnalysis = worker.take('analyzed', 1);
    engine.submit(V2, handlersFor(V2));
    worker.deliver(worker.take('projected', 1));
    worker.deliver(oldAnalysis);
    expect(log).toEqual([]);
  });

  it('drops everything in flight after cancel (an outside change took over)', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker);
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    engine.cancel();
    worker.runTasks();
    for (const m of worker.outbox.splice(0)) worker.deliver(m);
    expect(log).toEqual([]);
    // The worker did not analyse the cancelled text.
    engine.submit(V2, handlersFor(V2));
    worker.runTasks();
    for (const m of worker.outbox.splice(0)) worker.deliver(m);
    expect(log.map((e) => [e.text === V2, e.kind])).toEqual([
      [true, 'projected'],
      [true, 'analyzed'],
    ]);
  });

  it('decodes to the same projection the page would compute itself, sending each document value once', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker);
    const { log, handlersFor } = recorder();
    for (const text of [V1, V2, V1]) {
      engine.submit(text, handlersFor(text));
      const message = worker.take('projected');
      if (message.type === 'projected' && text === V2) {
        // Only the edited document's value crossed again.
        expect(message.wire.projection.result.documents.filter((d) => d.value !== undefined)).toHaveLength(1);
      }
      worker.deliver(message);
      worker.outbox.length = 0;
    }
    const local = new Deriver();
    for (const [i, text] of [V1, V2, V1].entries()) {
      const got = log[i]!.value as Projection;
      const want = local.project(text);
      expect(got.result).toEqual(want.result);
      expect(got.graph).toEqual(want.graph);
      // Policies are their documents' values, as in a read on the page.
      for (const entry of got.result.policies) expect(entry.policy).toBe(got.result.documents[entry.source.doc]!.value);
    }
  });

  it('starts its table over when the sender says so', () => {
    const sender = new WireSender(3);
    const receiver = new WireReceiver();
    const deriver = new Deriver();
    for (let i = 0; i < 4; i++) {
      const text = `${V1}---\nkind: ConfigMap\nmetadata: {name: c${i}}\n`;
      const wire = structuredClone(sender.encode(deriver.project(text)));
      expect(receiver.decode(wire, text).result).toEqual(read(text));
    }
  });

  it('with a second worker for the analysis: it gets the latest text once its graph is on the page', () => {
    const projector = new FakeWorker('project');
    const analyst = new FakeWorker('analyze');
    const engine = new WorkerEngine(projector, undefined, analyst);
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    engine.submit(V2, handlersFor(V2));
    projector.runTasks();
    // The projector never analyses; the analyst has nothing to do yet.
    expect(projector.outbox.map((m) => [m.type, m.seq])).toEqual([
      ['projected', 1],
      ['projected', 2],
    ]);
    analyst.runTasks();
    expect(analyst.outbox).toEqual([]);
    projector.flush();
    analyst.runTasks();
    expect(analyst.outbox.map((m) => [m.type, m.seq])).toEqual([['analyzed', 2]]);
    analyst.flush();
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([
      ['V2', 'projected'],
      ['V2', 'analyzed'],
    ]);
    // A newer text while the analyst works: its late analysis is dropped.
    engine.submit(V1, handlersFor(V1));
    projector.flush();
    engine.submit(V2, handlersFor(V2));
    analyst.flush();
    expect(log).toHaveLength(3);
    expect(log[2]!.kind).toBe('projected');
    projector.flush();
    analyst.flush();
    expect(log.map((e) => e.kind)).toEqual(['projected', 'analyzed', 'projected', 'projected', 'analyzed']);
  });

  it('replaces an analyst still busy with a superseded text by a fresh one, which gets the baseline and the new text', () => {
    const projector = new FakeWorker('project');
    const analysts = [new FakeWorker('analyze')];
    const engine = new WorkerEngine(projector, undefined, analysts[0], () => {
      const fresh = new FakeWorker('analyze');
      analysts.push(fresh);
      return fresh;
    });
    const { log, handlersFor } = recorder();
    engine.setBaseline(V1);
    engine.submit(V1, handlersFor(V1));
    projector.flush(); // V1's graph is on the page: the analyst starts on V1
    expect(analysts).toHaveLength(1);
    engine.submit(V2, handlersFor(V2));
    projector.flush(); // V2's graph: the analyst is still busy with V1
    expect(analysts).toHaveLength(2);
    expect(analysts[0]!.terminated).toBe(true);
    expect(engine.analystsReplaced).toBe(1);
    analysts[1]!.flush();
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([
      ['V1', 'projected'],
      ['V2', 'projected'],
      ['V2', 'analyzed'],
    ]);
    // The fresh analyst measured the changes against the baseline it was given (V1).
    const analysis = log[2]!.value as Analysis;
    const local = new Deriver();
    local.setBaseline(V1);
    expect(analysis.changes).not.toBeNull();
    expect(analysis.changes).toEqual(local.changes(local.project(V2)));
    // An analyst that answered is not busy: the next text goes to the same one.
    engine.submit(V1, handlersFor(V1));
    projector.flush();
    analysts[1]!.flush();
    expect(analysts).toHaveLength(2);
    expect(log.at(-1)!.kind).toBe('analyzed');
  });

  it('starts the analysis a moment after the graph (analysisDelay); a newer text in between drops it unsent', () => {
    const projector = new FakeWorker('project');
    const analyst = new FakeWorker('analyze');
    const scheduled: (() => void)[] = [];
    let cancelled = 0;
    const engine = new WorkerEngine(projector, undefined, analyst, undefined, (task) => {
      scheduled.push(task);
      return () => cancelled++;
    });
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    projector.flush();
    analyst.runTasks();
    expect(analyst.outbox).toEqual([]); // not yet: the delay has not passed
    engine.submit(V2, handlersFor(V2)); // typing on: V1's analysis is dropped before it starts
    expect(cancelled).toBe(1);
    projector.flush();
    scheduled.at(-1)!();
    analyst.flush();
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([
      ['V1', 'projected'],
      ['V2', 'projected'],
      ['V2', 'analyzed'],
    ]);
  });

  it('carries on in-thread, silently, when the worker fails, from the request in flight', () => {
    const worker = new FakeWorker();
    let later: (() => void) | undefined;
    const engine = new WorkerEngine(worker, () => new InlineEngine(new Deriver(), (task) => (later = task)));
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    worker.onerror!({ preventDefault() {} });
    expect(worker.terminated).toBe(true);
    expect(engine.kind).toBe('inline');
    expect(log.map((e) => e.kind)).toEqual(['projected']);
    later!();
    expect(log.map((e) => e.kind)).toEqual(['projected', 'analyzed']);
  });
});

describe('analysis of a text the page projected (an outside change)', () => {
  const BROKEN = `${V2}---\nkind: [unclosed\n`;
  const marked = (analysis: Analysis) => (analysis.annotations ?? []).length;

  it('goes to the analyst only, supersedes typing in flight, and is superseded in turn', () => {
    const projector = new FakeWorker('project');
    const analyst = new FakeWorker('analyze');
    const engine = new WorkerEngine(projector, undefined, analyst);
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    engine.analyze(V2, new Deriver().project(V2), false, handlersFor(V2));
    projector.flush(); // the typed text's projection: superseded
    expect(log).toEqual([]);
    analyst.runTasks();
    const first = analyst.take('analyzed');
    engine.analyze(V1, new Deriver().project(V1), false, handlersFor(V1));
    analyst.deliver(first);
    expect(log).toEqual([]);
    analyst.flush();
    expect(log.map((e) => [e.text === V1 ? 'V1' : 'V2', e.kind])).toEqual([['V1', 'analyzed']]);
    expect(marked(log[0]!.value as Analysis)).toBeGreaterThan(0);
    expect(projector.outbox).toEqual([]);
  });

  it('a lone worker projects too: the page decodes that projection but hands on only the analysis', () => {
    const worker = new FakeWorker();
    const engine = new WorkerEngine(worker);
    const { log, handlersFor } = recorder();
    engine.analyze(BROKEN, new Deriver().project(BROKEN, true), true, handlersFor(BROKEN));
    worker.flush();
    expect(log.map((e) => e.kind)).toEqual(['analyzed']);
    // Forced like the page's projection: the text has errors, its graph is still annotated.
    expect(marked(log[0]!.value as Analysis)).toBeGreaterThan(0);
    // The wire stays in step: the next typed text decodes.
    engine.submit(V1, handlersFor(V1));
    worker.flush();
    expect(log.map((e) => e.kind)).toEqual(['analyzed', 'projected', 'analyzed']);
    expect(engine.kind).toBe('worker');
  });

  it('carries on in-thread from a pending analysis when the worker fails, and the in-thread one is later', () => {
    const worker = new FakeWorker();
    const tasks: (() => void)[] = [];
    const engine = new WorkerEngine(worker, () => new InlineEngine(new Deriver(), (task) => tasks.push(task)));
    const { log, handlersFor } = recorder();
    engine.analyze(V2, new Deriver().project(V2), false, handlersFor(V2));
    worker.onerror!({ preventDefault() {} });
    expect(engine.kind).toBe('inline');
    expect(log).toEqual([]);
    expect(tasks).toHaveLength(1);
    engine.analyze(V1, new Deriver().project(V1), false, handlersFor(V1));
    for (const t of tasks.splice(0)) t();
    expect(log.map((e) => [e.text === V1 ? 'V1' : 'V2', e.kind])).toEqual([['V1', 'analyzed']]);
    engine.analyze(V2, new Deriver().project(V2), false, handlersFor(V2));
    engine.cancel();
    for (const t of tasks.splice(0)) t();
    expect(log).toHaveLength(1);
  });
});

describe('loading a whole document (an import) through the engine', () => {
  const BROKEN = `${V2}---\nkind: [unclosed\n`;
  /** A load's projection is handed on in the task after the one that received it. */
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('is read and projected by the (project) worker, forced, and no later request supersedes it', async () => {
    const projector = new FakeWorker('project');
    const analyst = new FakeWorker('analyze');
    const engine = new WorkerEngine(projector, undefined, analyst);
    const { log, handlersFor } = recorder();
    const loaded: Projection[] = [];
    engine.load(BROKEN, (p) => loaded.push(p));
    engine.submit(V1, handlersFor(V1)); // typing after the import was asked for
    engine.cancel(); // and an outside change
    projector.flush();
    analyst.flush();
    expect(loaded).toHaveLength(0);
    await nextTask();
    expect(loaded).toHaveLength(1);
    const [projection] = loaded;
    expect(projection!.result.text).toBe(BROKEN);
    expect(projection!.result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    // Forced: drawn despite the error, as the page's own projection of it.
    expect(projection!.graph).toEqual(new Deriver().project(BROKEN, true).graph);
    expect(log).toEqual([]);
    // The wire stays in step: the next typed text decodes, and only its edited document crosses again.
    engine.submit(V2, handlersFor(V2));
    const message = projector.take('projected');
    expect(message.type === 'projected' && message.wire.omittedValues.length).toBeGreaterThan(0);
    projector.deliver(message);
    expect(log.map((e) => e.kind)).toEqual(['projected']);
    expect(engine.kind).toBe('worker');
  });

  it('a large projection comes in parts, a message each, and decodes to the projection made in place', async () => {
    const projector = new FakeWorker('project');
    const engine = new WorkerEngine(projector);
    const big = Array.from({ length: 60 }, (_, i) => V2.replaceAll('\nkind:', `\n# copy ${i}\nkind:`)).join('---\n');
    const loaded: Projection[] = [];
    engine.load(big, (p) => loaded.push(p));
    const kinds = projector.outbox.map((m) => m.type);
    expect(kinds.at(-1)).toBe('projected');
    expect(kinds.filter((k) => k === 'part').length).toBeGreaterThan(1);
    const last = projector.outbox.at(-1)!;
    expect(last.type === 'projected' && last.wire.projection.result.documents).toEqual([]);
    projector.flush();
    await nextTask();
    const want = new Deriver().project(big, true);
    expect(want.result.documents.length).toBeGreaterThan(PART_ITEMS);
    expect(loaded[0]!.result).toEqual(want.result);
    expect(loaded[0]!.graph).toEqual(want.graph);
    // The wire stays in step: the next typed text decodes.
    const { log, handlersFor } = recorder();
    engine.submit(big.replace('# copy 7\n', '# copy seven\n'), handlersFor('next'));
    // Typed text's projection (mostly references to what the page has) goes whole, in one message.
    expect(projector.outbox.map((m) => m.type)).toEqual(['projected']);
    projector.flush();
    expect(log.map((e) => e.kind)).toEqual(['projected']);
    expect(engine.kind).toBe('worker');
  });

  it('answers loads in the order asked, and carries them on in-thread when the worker fails', async () => {
    const worker = new FakeWorker('project');
    const engine = new WorkerEngine(worker, () => new InlineEngine(new Deriver(), () => {}));
    const loaded: string[] = [];
    engine.load(V1, (p) => loaded.push(p.result.text));
    engine.load(V2, (p) => loaded.push(p.result.text));
    worker.deliver(worker.take('projected', 1));
    await nextTask();
    expect(loaded).toEqual([V1]);
    worker.onerror!({ preventDefault() {} });
    expect(engine.kind).toBe('inline');
    expect(loaded).toEqual([V1, V2]);
    engine.load(BROKEN, (p) => loaded.push(p.graph ? 'drawn' : 'not drawn'));
    expect(loaded).toEqual([V1, V2, 'drawn']);
  });
});

describe('in-thread engine', () => {
  it('projects at once and analyses later, unless superseded or cancelled', () => {
    const tasks: (() => void)[] = [];
    const engine: DeriveEngine = new InlineEngine(new Deriver(), (task) => tasks.push(task));
    const { log, handlersFor } = recorder();
    engine.submit(V1, handlersFor(V1));
    engine.submit(V2, handlersFor(V2));
    for (const t of tasks.splice(0)) t();
    expect(log.map((e) => [e.text === V2 ? 'V2' : 'V1', e.kind])).toEqual([
      ['V1', 'projected'],
      ['V2', 'projected'],
      ['V2', 'analyzed'],
    ]);
    engine.submit(V1, handlersFor(V1));
    engine.cancel();
    for (const t of tasks.splice(0)) t();
    expect(log).toHaveLength(4);
  });
});
