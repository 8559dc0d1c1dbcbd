/** Runs bench/heap.ts with GC tracing and turns its output into the heapRatio measurement. */
import { runChildRaw } from './child.ts';

export interface HeapPhase {
  baseline: number;
  /** Largest used heap seen: at the start of any GC during the phase, or at its end. */
  peak: number;
  /** Used heap at the phase's end, result still alive. */
  end: number;
  gcs: number;
  growth: number;
  /** Heap the phase's result keeps alive (measured after a forced GC). */
  retained: number;
}

export interface HeapMeasure {
  bytes: number;
  import: HeapPhase;
  /** read() alone (no graph projection), for the breakdown. */
  read: HeapPhase;
  loadAll: HeapPhase;
  ratio: number;
  /** The same for js-yaml loadAll of the text, for reference. */
  loadAllRatio: number;
}

// `[pid:0x…]    1234 ms: Scavenge 12.3 (15.0) -> 10.1 (16.0) MB, …` (sizes in MB; the first is used at start)
const GC_LINE =
  /:\s+(?:Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Sweep|Mark-Compact \(reduce\))[^\d]*([\d.]+) \(([\d.]+)\) -> ([\d.]+)/;

export async function measureHeap(root: string): Promise<HeapMeasure> {
  const { result, lines } = await runChildRaw(root, 'bench/heap.ts', [], ['--trace-gc']);
  const phases = new Map<string, HeapPhase>();
  let current: HeapPhase | undefined;
  let name = '';
  for (const line of lines) {
    const start = /^@@start (\S+) (\d+)$/.exec(line);
    if (start) {
      name = start[1]!;
      const baseline = Number(start[2]);
      current = { baseline, peak: baseline, end: baseline, gcs: 0, growth: 0, retained: 0 };
      continue;
    }
    const end = /^@@end (\S+) (\d+)$/.exec(line);
    if (end && current) {
      current.end = Number(end[2]);
      current.peak = Math.max(current.peak, current.end);
      current.growth = current.peak - current.baseline;
      phases.set(name, current);
      current = undefined;
      continue;
    }
    const retained = /^@@retained (\S+) (-?\d+)$/.exec(line);
    if (retained && phases.has(retained[1]!)) {
      phases.get(retained[1]!)!.retained = Number(retained[2]);
      continue;
    }
    const g = current && GC_LINE.exec(line);
    if (g && current) {
      current.gcs++;
      current.peak = Math.max(current.peak, Number(g[1]) * 2 ** 20);
    }
  }
  const { bytes } = result as { bytes: number };
  const imp = phases.get('import');
  const la = phases.get('loadAll');
  const rd = phases.get('read');
  if (!imp || !la || !rd) throw new Error('heap child printed no phases');
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    bytes,
    import: imp,
    read: rd,
    loadAll: la,
    ratio: r(imp.growth / bytes),
    loadAllRatio: r(la.growth / bytes),
  };
}
