/** The bench's keys, budgets, machine description and the printed table. */
import { cpus, loadavg, totalmem } from 'node:os';

export type KeyName =
  | 'importRatio'
  | 'emitRatio'
  | 'analyzeMs1k'
  | 'analyzeScaling'
  | 'analyzeMs10k'
  | 'editLatencyRatio'
  | 'canvasFrameRatio'
  | 'panZoomedRatio'
  | 'importLongestTaskMs'
  | 'initialJsKbGzip'
  | 'heapRatio';

export interface Budget {
  /** `le`: value ≤ limit passes; `lt`: value < limit passes. */
  op: 'le' | 'lt';
  limit: number;
  what: string;
}

export const BUDGETS: Record<KeyName, Budget> = {
  importRatio: { op: 'le', limit: 1.5, what: '(read + validate + projectGraph) ÷ js-yaml loadAll, 2,000 policies' },
  emitRatio: { op: 'le', limit: 1.5, what: 'canonical write ÷ js-yaml dump, same 2,000 policies' },
  analyzeMs1k: { op: 'lt', limit: 2000, what: 'full connlist, 1,000 workloads (500 label sets), 1,000 policies (ms)' },
  analyzeScaling: { op: 'le', limit: 3, what: 'connlist 2,000/2,000 ÷ 1,000/1,000' },
  analyzeMs10k: {
    op: 'lt',
    limit: 4000,
    what: 'full connlist, 10,000 workloads (5,000 label sets), 10,000 policies (ms)',
  },
  editLatencyRatio: { op: 'le', limit: 1.5, what: 'Chromium keystroke → graph updated, 1,000 policies ÷ 10' },
  canvasFrameRatio: { op: 'le', limit: 2, what: 'Chromium mean frame while panning, 2,000 nodes ÷ 20' },
  panZoomedRatio: { op: 'le', limit: 2, what: 'Chromium mean frame while panning at zoom ≈ 0.5, 2,000 nodes ÷ 20' },
  importLongestTaskMs: {
    op: 'le',
    limit: 200,
    what: 'Chromium longest main-thread task while the designer imports the 2,000-policy text (ms)',
  },
  initialJsKbGzip: { op: 'le', limit: 350, what: 'gzip KB of the JS before the first interactive paint' },
  heapRatio: { op: 'le', limit: 10, what: 'peak heap growth importing the 2,000-policy text ÷ its bytes' },
};

export const KEY_ORDER = Object.keys(BUDGETS) as KeyName[];

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  memGB: number;
  /** 1-minute load average at the start and at the end of the run: above `cores`, other processes competed. */
  loadAvgStart: number;
  loadAvgEnd?: number;
  chromium?: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    memGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAvgStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export const passes = (key: KeyName, value: number | null): boolean | null => {
  if (value === null || !Number.isFinite(value)) return null;
  const b = BUDGETS[key];
  return b.op === 'le' ? value <= b.limit : value < b.limit;
};

export function table(values: Record<KeyName, number | null>, errors: Partial<Record<KeyName, string>>, m: Machine) {
  const rows = KEY_ORDER.map((k) => {
    const v = values[k];
    const ok = passes(k, v);
    return [
      k,
      v === null ? 'n/a' : String(v),
      `${BUDGETS[k].op === 'le' ? '≤' : '<'} ${BUDGETS[k].limit}`,
      errors[k]?.startsWith('skipped') ? 'skip' : ok === null ? 'ERROR' : ok ? 'pass' : 'FAIL',
      errors[k] ?? BUDGETS[k].what,
    ];
  });
  const head = ['key', 'value', 'budget', 'result', 'what'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push(
    '',
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memGB} GB, node ${m.node}, ${m.platform}` +
      (m.chromium ? `, ${m.chromium}` : ''),
    `load average (1 min): ${m.loadAvgStart} at start, ${m.loadAvgEnd ?? '?'} at end` +
      (Math.max(m.loadAvgStart, m.loadAvgEnd ?? 0) > m.cores
        ? ' — other processes competed for the cores; core times are CPU time of this process, so ratios hold'
        : ''),
  );
  return out.join('\n');
}
