/**
 * `npm run bench`: performance at cluster scale, against budgets (docs: bench/README.md).
 *
 *   npm run bench                 table on stdout
 *   npm run -s bench -- --json    one JSON object on stdout (progress and the table go to stderr)
 *   npm run bench -- --check      exit 1 when a budget is missed
 *   npm run bench -- --core       core keys only (no build, no browser)
 *   npm run bench -- --browser    browser keys only (build, bundle size, Chromium)
 *   npm run bench -- --only=analyzeMs10k,panZoomedRatio   only these keys (the others are skipped)
 *
 * Every figure is measured in the run that prints it. Core timings run in a child `node --expose-gc` process
 * so a forced GC can precede each repetition.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runChild } from './child.ts';
import { measureHeap } from './heapRun.ts';
import { BUDGETS, KEY_ORDER, machine, passes, table, type KeyName } from './report.ts';

const args = new Set(process.argv.slice(2));
const onlyArg = [...args].find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const json = args.has('--json');
const check = args.has('--check');
const coreOnly = args.has('--core');
const browserOnly = args.has('--browser');
const skipped = (k: KeyName) => errors[k]?.startsWith('skipped') ?? false;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

const root = fileURLToPath(new URL('..', import.meta.url));
const m = machine();
const values = Object.fromEntries(KEY_ORDER.map((k) => [k, null])) as Record<KeyName, number | null>;
const errors: Partial<Record<KeyName, string>> = {};
const details: Record<string, unknown> = {};
for (const k of only ?? []) if (!(KEY_ORDER as string[]).includes(k)) throw new Error(`--only: unknown key ${k}`);
if (only) for (const k of KEY_ORDER) if (!only.has(k)) errors[k] = 'skipped (--only)';
/** Whether a key is measured in this run. */
const want = (...keys: KeyName[]) => keys.some((k) => !skipped(k));

async function step(keys: KeyName[], name: string, run: () => Promise<void>) {
  if (!want(...keys)) return;
  const t0 = performance.now();
  log(`${name}…`);
  try {
    await run();
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : msg}`);
    for (const k of keys) errors[k] = `error: ${msg}`;
  }
  log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (browserOnly)
  for (const k of ['importRatio', 'emitRatio', 'analyzeMs1k', 'analyzeScaling', 'analyzeMs10k', 'heapRatio'] as const)
    errors[k] = 'skipped (--browser)';
else {
  const core: Record<string, unknown> = {};
  details.core = core;
  await step(['importRatio'], 'import (read + validate + projectGraph vs js-yaml loadAll)', async () => {
    const r = (await runChild(root, 'bench/core-child.ts', ['import'])) as { ratio: number };
    core.import = r;
    values.importRatio = r.ratio;
  });
  await step(['emitRatio'], 'emit (writePolicies vs js-yaml dump)', async () => {
    const r = (await runChild(root, 'bench/core-child.ts', ['emit'])) as { ratio: number };
    core.emit = r;
    values.emitRatio = r.ratio;
  });
  await step(['analyzeMs1k', 'analyzeScaling'], 'connlist (1,000 and 2,000 workloads/policies)', async () => {
    const a1 = (await runChild(root, 'bench/core-child.ts', ['analyze1k'])) as { connlist: { cpu: number } };
    core.analyze1k = a1;
    values.analyzeMs1k = a1.connlist.cpu;
    const a2 = (await runChild(root, 'bench/core-child.ts', ['analyze2k'])) as { connlist: { cpu: number } };
    core.analyze2k = a2;
    values.analyzeScaling = Math.round((a2.connlist.cpu / a1.connlist.cpu) * 1000) / 1000;
  });
  await step(['analyzeMs10k'], 'connlist (10,000 workloads/policies)', async () => {
    const a = (await runChild(root, 'bench/core-child.ts', ['analyze10k'])) as { connlist: { cpu: number } };
    core.analyze10k = a;
    values.analyzeMs10k = a.connlist.cpu;
  });
  await step(['heapRatio'], 'heap', async () => {
    const heap = await measureHeap(root);
    details.heap = heap;
    values.heapRatio = heap.ratio;
  });
}

if (!coreOnly) {
  const { runBrowserKeys } = await import('./browser.ts');
  await runBrowserKeys({ root, values, errors, details, machine: m, step, want });
} else {
  for (const k of [
    'editLatencyRatio',
    'canvasFrameRatio',
    'panZoomedRatio',
    'importLongestTaskMs',
    'initialJsKbGzip',
  ] as const)
    errors[k] = 'skipped (--core)';
}

m.loadAvgEnd = Math.round(loadavg()[0]! * 100) / 100;
const missed = KEY_ORDER.filter((k) => passes(k, values[k]) !== true && !skipped(k));

if (json) {
  const out = {
    ...values,
    budgets: Object.fromEntries(KEY_ORDER.map((k) => [k, { op: BUDGETS[k].op, limit: BUDGETS[k].limit }])),
    pass: Object.fromEntries(KEY_ORDER.map((k) => [k, passes(k, values[k])])),
    ...(Object.keys(errors).length ? { errors } : {}),
    machine: m,
    details,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write(`${table(values, errors, m)}\n`); // the table too, off stdout
} else {
  process.stdout.write(`${table(values, errors, m)}\n`);
}
if (check && missed.length) {
  log(`budgets missed: ${missed.join(', ')}`);
  process.exitCode = 1;
}
