/**
 * Golden files: `netpol fmt` output for representative inputs. Set UPDATE_GOLDEN=1 to rewrite them after an
 * intended change, then read the diff. Without it a missing golden fails: a test never writes its own answer.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/core/format/write.ts';
import { hasShared, readText, SEED_GUIDE } from './shared.ts';

const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));

const cases: [string, string][] = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.input.yaml'))
  .map((f) => [f.replace('.input.yaml', ''), join(GOLDEN, f)]);
if (hasShared) cases.push(['seed-guide', SEED_GUIDE]);

describe.each(cases)('fmt %s', (name, inputPath) => {
  it('matches the golden output', () => {
    const out = formatText(readText(inputPath));
    const goldenPath = join(GOLDEN, `${name}.fmt.yaml`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath, out);
    expect(existsSync(goldenPath), `${goldenPath} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(out).toBe(readText(goldenPath));
    expect(formatText(out)).toBe(out);
  });
});
