/**
 * np-guard/netpol-analyzer connectivity diff conformance (conformance.md §7): every NetworkPolicy-only case of
 * `../shared/conformance/np-guard-diff/` (not `admin/`) runs through `netpol diff OLD NEW --format F` and must
 * equal np-guard's expected file byte for byte, in every format stored (txt, csv, md; dot from the copies in
 * `np-guard-diff-dot/`). np-guard's library prints `ref1`/`ref2` (one test `old`/`new`) where the CLI, and
 * `netpol diff`, print `dir1`/`dir2`: the expected text is relabelled before comparing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, nodeIO } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/types.ts';
import { sharedDir } from './load.ts';

interface Expected {
  txt: string;
  csv?: string;
  md?: string;
}
interface Case {
  id: string;
  old: string;
  new: string;
  expected: Expected;
  labels: [string, string];
  flags: string[];
  variants: { expected: Expected; labels: [string, string] }[];
  input_errors?: unknown;
}

const root = sharedDir('conformance/np-guard-diff', 'np-guard diff conformance');
const cases: Case[] = root
  ? (JSON.parse(readFileSync(join(root, 'cases.json'), 'utf8')) as { cases: Case[] }).cases
  : [];
const DOT = fileURLToPath(new URL('./np-guard-diff-dot/', import.meta.url));

async function diff(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { ...nodeIO, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await main(['diff', ...args], io);
  return { code, stdout, stderr };
}

/** Upstream's side labels → the CLI's `dir1`/`dir2`, in the places each format prints them. */
function relabel(text: string, [l1, l2]: readonly [string, string]): string {
  return text
    .replaceAll(`, ${l1}: `, ', dir1: ')
    .replaceAll(`, ${l2}: `, ', dir2: ')
    .replace(`,${l1},${l2},workloads-diff-info`, ',dir1,dir2,workloads-diff-info')
    .replace(`| ${l1} | ${l2} |`, '| dir1 | dir2 |')
    .replaceAll(` (${l1}: `, ' (dir1: ');
}

describe.skipIf(!root)('np-guard connectivity diff conformance', () => {
  it('has the 19 NetworkPolicy-only cases', () => expect(cases.length).toBe(19));

  for (const c of cases) {
    const runs: { format: string; file: string; labels: [string, string] }[] = [];
    for (const v of [{ expected: c.expected, labels: c.labels }, ...c.variants])
      for (const [format, file] of Object.entries(v.expected) as [string, string][])
        runs.push({ format, file: join(root!, file), labels: v.labels });
    const dot = join(DOT, `${c.id}.dot`);
    if (existsSync(dot)) runs.push({ format: 'dot', file: dot, labels: c.labels });
    const variantDot = join(DOT, `TsetOutputWithArgNamesOption_${c.id}.dot`);
    if (existsSync(variantDot)) runs.push({ format: 'dot', file: variantDot, labels: ['old', 'new'] });

    for (const r of runs)
      it(`${c.id} (${r.format}${r.file.includes('TsetOutput') ? ', old/new labels' : ''})`, async () => {
        const { code, stdout, stderr } = await diff([
          '--format',
          r.format,
          ...c.flags,
          join(root!, c.old),
          join(root!, c.new),
        ]);
        expect(stdout).toBe(relabel(readFileSync(r.file, 'utf8'), r.labels));
        expect(stderr).toBe('');
        expect(code).toBe(0);
      });
  }
});
