/**
 * A large flow log streams: `netpol flows propose` (the CLI users run, bin/netpol.mjs) reads a 30 MB log
 * under a 24 MB JavaScript heap. Loading the same file whole and splitting it into lines runs out of heap at
 * that limit (checked by hand: FATAL ERROR: Reached heap limit), so passing means it was never held whole.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flowLine } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/netpol.mjs', import.meta.url));

describe('flow logs stream', () => {
  it('a 30 MB log is read with a 24 MB heap', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'netpol-big-')), 'big.json');
    const fd = openSync(path, 'w');
    const pods = Array.from({ length: 20 }, (_, k) => ({
      namespace: `ns${k % 3}`,
      labels: { app: `a${k % 7}` },
      pod: `p${k}`,
    }));
    let bytes = 0;
    let flows = 0;
    let chunk = '';
    while (bytes < 30e6) {
      const i = flows++;
      const line = `${flowLine({
        src: pods[i % 20]!,
        dst: pods[(i * 7 + 3) % 20]!,
        port: 1000 + (i % 50),
        sport: 20000 + (i % 40000),
        isReply: i % 3 === 0 ? true : i % 3 === 1 ? false : undefined,
      })}\n`;
      chunk += line;
      bytes += line.length;
      if (chunk.length > 1e6) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const r = spawnSync(process.execPath, ['--max-old-space-size=24', BIN, 'flows', 'propose', path], {
      encoding: 'utf8',
      maxBuffer: 64e6,
    });
    expect(r.stderr).toContain(`${flows} flows read, `);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kind: NetworkPolicy');
  }, 120_000);
});
