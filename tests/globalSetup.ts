/**
 * Vitest global setup: the CLI tests run the bundle (dist-cli/netpol.mjs), so rebuild it first when a source
 * under src/cli or src/core (or package.json) is newer than it — `npm test` on a fresh clone or after an edit
 * never tests a stale CLI.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  const root = resolve(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, ['scripts/build-cli.mjs', '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the CLI bundle failed:\n${r.stdout}${r.stderr}`);
}
