/**
 * The CLI the tests run is the CLI users run: the bundle dist-cli/netpol.mjs (built by scripts/build-cli.mjs;
 * tests/globalSetup.ts rebuilds it when a source is newer), typed from the sources it is built from.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type * as Cli from '../../src/cli/main.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BUNDLE = resolve(ROOT, 'dist-cli/netpol.mjs');
export const BIN = resolve(ROOT, 'bin/netpol.mjs');

const built = (await import(/* @vite-ignore */ pathToFileURL(BUNDLE).href)) as typeof Cli;
export const { main, nodeIO } = built;

/** What one run of the CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in-process with these arguments; `stdin` is what the path `-` reads. */
export async function runBuilt(args: string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    ...nodeIO,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: (p) => (p === '-' ? Promise.resolve(stdin) : nodeIO.readFile(p)),
  });
  return { code, stdout, stderr };
}
