/** The np-guard admin scenarios (conformance.md §6): names, expected connlists, line sets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from './load.ts';

export const ADMIN_ROOT = sharedDir('conformance/np-guard-admin/scenarios', 'np-guard admin conformance');
export const ADMIN_SCENARIOS = ADMIN_ROOT ? readdirSync(ADMIN_ROOT).sort() : [];

export const lineSet = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .sort();

export const expectedConnlist = (s: string): string[] =>
  lineSet(readFileSync(join(ADMIN_ROOT!, s, 'expected', `${s}_connlist_output.txt`), 'utf8'));
