/**
 * Reading flow logs for `netpol flows` and `netpol test --from-flows`: line by line (node:readline through
 * CliIO.readLines), so a log of any size streams; only the capture's aggregates stay in memory.
 */
import { FlowReader, type FlowCapture } from '../core/index.ts';
import { UsageError, type CliIO } from './types.ts';

export async function readFlowCapture(paths: string[], io: CliIO): Promise<FlowCapture> {
  if (paths.length === 0) throw new UsageError('no flow log given (FLOWS… or - for standard input)');
  const reader = new FlowReader();
  for (const path of paths) {
    const name = path === '-' ? '<stdin>' : path;
    if (io.readLines) await io.readLines(path, (line, n) => reader.push(line, name, n));
    else {
      let n = 0;
      for (const line of (await io.readFile(path)).split('\n')) reader.push(line, name, ++n);
    }
  }
  return reader.finish();
}

/** Prints the invalid lines of a capture (`FILE:LINE: error: …`); returns whether there were any. */
export function reportFlowErrors(capture: FlowCapture, io: CliIO): boolean {
  for (const d of capture.diagnostics) io.stderr(`${d.file}:${d.line}: error: ${d.message}\n`);
  return capture.diagnostics.length > 0;
}

/**
 * Splits `FLOWS… --merge PATH…`-style arguments: the paths after a list flag run to the end or the next
 * option. Returns the remaining arguments (for parseArgs) and each list flag's paths.
 */
export function takeListFlags(args: string[], names: string[]): { rest: string[]; lists: Map<string, string[]> } {
  const rest: string[] = [];
  const lists = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const a of args) {
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (names.includes(name)) {
        current = lists.get(name) ?? [];
        lists.set(name, current);
        continue;
      }
      current = undefined;
      rest.push(a);
    } else if (current) current.push(a);
    else rest.push(a);
  }
  return { rest, lists };
}
