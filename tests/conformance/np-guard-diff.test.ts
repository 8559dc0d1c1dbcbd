/**
 * np-guard/netpol-analyzer connectivity diff conformance (conformance.md §7): every case of
 * `../shared/conformance/np-guard-diff/` (19 NetworkPolicy-only) and of its `admin/` (16 with AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy: rule order, priorities, a NetworkPolicy removed between the tiers) runs through `netpol diff OLD NEW --format F` and must
 * equal np-guard's expected file byte for byte, in every format stored (txt, csv, md; dot from the copies in
 * `np-guard-diff-dot/`). np-guard's library prints `ref1`/`ref2` (one test `old`/`new`) where the CLI, and
 * `netpol diff`, print `dir1`/`dir2`: the expected text is relabelled before comparing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../cli/built.ts';
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
/** The expected files of a case, as paths under `dir`. */
const under = (dir: string, e: Expected): Expected => ({
  txt: join(dir, e.txt),
  ...(e.csv ? { csv: join(dir, e.csv) } : {}),
  ...(e.md ? { md: join(dir, e.md) } : {}),
});
const casesIn = (dir: string): Case[] =>
  (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases.map((c) => ({
    ...c,
    old: join(dir, c.old),
    new: join(dir, c.new),
    expected: under(dir, c.expected),
    variants: c.variants.map((v) => ({ ...v, expected: under(dir, v.expected) })),
  }));
const cases: Case[] = root ? casesIn(root) : [];
const adminCases: Case[] = root && existsSync(join(root, 'admin', 'cases.json')) ? casesIn(join(root, 'admin')) : [];
const DOT = fileURLToPath(new URL('./np-guard-diff-dot/', import.meta.url));

/** `netpol diff` of the built CLI, in-process. */
const diff = (args: string[]) => runBuilt(['diff', ...args]);

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
  it('has the 19 NetworkPolicy-only cases and the 16 admin-tier cases', () => {
    expect(cases.length).toBe(19);
    expect(adminCases.length).toBe(16);
  });

  for (const c of [...cases, ...adminCases]) {
    const runs: { format: string; file: string; labels: [string, string] }[] = [];
    for (const v of [{ expected: c.expected, labels: c.labels }, ...c.variants])
      for (const [format, file] of Object.entries(v.expected) as [string, string][])
        runs.push({ format, file, labels: v.labels });
    const dot = join(DOT, `${c.id}.dot`);
    if (existsSync(dot)) runs.push({ format: 'dot', file: dot, labels: c.labels });
    const variantDot = join(DOT, `TsetOutputWithArgNamesOption_${c.id}.dot`);
    if (existsSync(variantDot)) runs.push({ format: 'dot', file: variantDot, labels: ['old', 'new'] });

    for (const r of runs)
      it(`${c.id} (${r.format}${r.file.includes('TsetOutput') ? ', old/new labels' : ''})`, async () => {
        const { code, stdout, stderr } = await diff(['--format', r.format, ...c.flags, c.old, c.new]);
        expect(stdout).toBe(relabel(readFileSync(r.file, 'utf8'), r.labels));
        if (!adminCases.includes(c) || stderr === '') {
          expect(stderr).toBe('');
          expect(code).toBe(0);
          return;
        }
        // Some upstream ANP inputs (anp_test_8–12) write `pods` peers without `podSelector`, which the v1alpha1 CRD
        // requires; np-guard does not check that. The diff is still theirs, line for line; the errors are named
        // with their positions and the exit code says the input was invalid.
        for (const line of stderr.trimEnd().split('\n'))
          expect(line).toMatch(
            /^\S+:\d+:\d+: error: Required value \(anp\/\S+ spec\.(ingress|egress)\[\d+\]\.(from|to)\[\d+\]\.pods\.podSelector\)$|^netpol diff: the input has errors; the result is what the policies mean as written$/,
          );
        expect(code).toBe(1);
      });
  }
});
