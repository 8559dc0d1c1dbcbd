/**
 * Peak heap growth while importing the 2,000-policy text (read + validate + projectGraph), in a child started
 * with `--expose-gc --trace-gc`: V8 prints the heap's used size at the start of every collection, which is where
 * the heap peaks, so the parent (bench/heapRun.ts) takes the largest of those printed between the markers
 * below, and the used size at the end, less the baseline after a forced GC. Prints one JSON line last.
 */
import { loadAll } from 'js-yaml';
import { projectGraph, read } from '../src/core/index.ts';
import { generateCluster } from './generate.ts';

const exposedGc = (globalThis as { gc?: () => void }).gc;
if (!exposedGc) throw new Error('heap.ts needs --expose-gc');
const gc: () => void = exposedGc;

const { policyText } = generateCluster({ policies: 2000, workloads: 0, labelSets: 1 });
const bytes = Buffer.byteLength(policyText);
const keep: unknown[] = [];

function phase(name: string, run: () => unknown) {
  gc();
  gc();
  const base = process.memoryUsage().heapUsed;
  process.stdout.write(`@@start ${name} ${base}\n`);
  keep.push(run());
  const end = process.memoryUsage().heapUsed;
  process.stdout.write(`@@end ${name} ${end}\n`);
  gc();
  gc();
  // What the result keeps alive (the rest of the peak is garbage the import made on the way).
  process.stdout.write(`@@retained ${name} ${process.memoryUsage().heapUsed - base}\n`);
  keep.length = 0;
}

// Warm up the code paths once so compilation is not counted as the import's heap.
projectGraph(read(policyText));
loadAll(policyText);

phase('import', () => {
  const result = read(policyText);
  return [result, projectGraph(result)];
});
phase('read', () => read(policyText));
phase('loadAll', () => loadAll(policyText));
process.stdout.write(`${JSON.stringify({ bytes })}\n`);
