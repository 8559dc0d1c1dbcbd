/** Core measurements, in a child process started with --expose-gc; prints one JSON line. */
import { measureAnalyze, measureEmit, measureImport } from './core.ts';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
  log('warning: no --expose-gc; runs are not preceded by a GC');

log('import: read + projectGraph vs js-yaml loadAll, 2,000 policies');
const imp = measureImport(2000, 5);
log(`import ratio ${imp.ratio}`);
log('emit: writePolicies vs js-yaml dump, 2,000 policies');
const emit = measureEmit(2000, 5);
log(`emit ratio ${emit.ratio}`);
log('connlist: 1,000 workloads / 1,000 policies');
const analyze1k = measureAnalyze(1000, 3);
log(`connlist 1k: ${analyze1k.connlist.cpu} ms CPU`);
log('connlist: 2,000 workloads / 2,000 policies');
const analyze2k = measureAnalyze(2000, 3);
log(`connlist 2k: ${analyze2k.connlist.cpu} ms CPU`);
process.stdout.write(`${JSON.stringify({ import: imp, emit, analyze1k, analyze2k })}\n`);
