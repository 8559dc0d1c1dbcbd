/**
 * One core measurement per process (started with --expose-gc by bench.ts), so each starts from a clean heap:
 * `import`, `emit`, `analyze1k`, `analyze2k` or `analyze10k`. Prints one JSON line.
 */
import { measureAnalyze, measureEmit, measureImport } from './core.ts';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
  log('warning: no --expose-gc; runs are not preceded by a GC');

const which = process.argv[2];
let result: unknown;
switch (which) {
  case 'import': {
    const r = measureImport(2000, 7);
    log(`import: ${r.import.cpu} ms vs loadAll ${r.loadAll.cpu} ms CPU → ratio ${r.ratio}`);
    result = r;
    break;
  }
  case 'emit': {
    const r = measureEmit(2000, 9);
    log(`emit: ${r.write.cpu} ms vs dump ${r.dump.cpu} ms CPU → ratio ${r.ratio}`);
    result = r;
    break;
  }
  case 'analyze1k':
  case 'analyze2k':
  case 'analyze10k': {
    const r = measureAnalyze({ analyze1k: 1000, analyze2k: 2000, analyze10k: 10_000 }[which], 3);
    log(`connlist ${r.workloads}/${r.policies}: ${r.connlist.cpu} ms CPU, ${r.connections} connections`);
    result = r;
    break;
  }
  default:
    throw new Error(`unknown measurement ${which}`);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
