/** Locating the shared test material (../shared beside the project); suites skip with one line when absent. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const hasShared = existsSync(join(SHARED, 'docs'));
if (!hasShared) console.log(`../shared is absent (${SHARED}): conformance and fixture suites are skipped`);

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

/** Every .yaml/.yml/.json file under a folder, sorted. */
export function filesUnder(dir: string, pattern = /\.(ya?ml|json)$/i): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export const SEED_GUIDE = sharedPath('seed', '000_243ac29d2f9b99da.txt');
