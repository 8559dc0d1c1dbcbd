/** `netpol lint` run in-process with an in-memory file system. */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/built.ts';
import { UsageError, type CliIO } from '../../src/cli/types.ts';
import { cases } from './cases.ts';
import { namespace, np } from './helpers.ts';

function memoryIO(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: async (p) => {
      if (!(p in files)) throw new UsageError(`${p}: no such file`);
      return files[p]!;
    },
    listFiles: async (p) => {
      if (p in files) return [p];
      const under = Object.keys(files)
        .filter((f) => f.startsWith(`${p.replace(/\/$/, '')}/`))
        .sort();
      if (under.length === 0) throw new UsageError(`${p}: no such file or directory`);
      return under;
    },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const p18 = cases.find((c) => c.rule === 'P-18')!.hit;
const clean = np('web', `  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]`);

describe('netpol lint', () => {
  it('prints FILE:LINE:COL: severity: message [RULE] (ns/name path) and the fix', async () => {
    const m = memoryIO({ 'dir/a.yaml': p18 });
    const code = await main(['lint', 'dir'], m.io);
    const lines = m.stdout().split('\n');
    const i = lines.findIndex((l) => l.includes('[P-18]'));
    expect(lines[i]).toMatch(/^dir\/a\.yaml:\d+:\d+: warning: .* \[P-18\] \(app\/p spec\.ingress\[0\]\.ports\[0\]\)$/);
    expect(lines[i + 1]).toMatch(/^ {4}fix: /);
    // Warnings only: exit 0 by default, 1 with --fail-on warning.
    expect(code).toBe(0);
    expect(await main(['lint', '--fail-on', 'warning', 'dir'], memoryIO({ 'dir/a.yaml': p18 }).io)).toBe(1);
    expect(await main(['lint', '--fail-on=warning', 'dir'], memoryIO({ 'dir/a.yaml': clean }).io)).toBe(0);
  });

  it('--format json prints an array of findings', async () => {
    const m = memoryIO({ 'a.yaml': p18 });
    expect(await main(['lint', '--format', 'json', 'a.yaml'], m.io)).toBe(0);
    const out = JSON.parse(m.stdout()) as Record<string, unknown>[];
    const f = out.find((x) => x.rule === 'P-18')!;
    expect(f).toMatchObject({
      severity: 'warning',
      file: 'a.yaml',
      policy: 'app/p',
      path: 'spec.ingress[0].ports[0]',
    });
    expect(typeof f.line).toBe('number');
    expect(typeof f.column).toBe('number');
    expect(typeof f.message).toBe('string');
    expect(typeof f.fix).toBe('string');
  });

  it('lints all files together: a Namespace in one file, policies in another', async () => {
    const files = { 'c/ns.yaml': namespace('payments') + '---\n' + namespace('app'), 'c/pol.yaml': clean };
    const m = memoryIO(files);
    await main(['lint', '--format=json', 'c'], m.io);
    const out = JSON.parse(m.stdout()) as { rule: string; file: string; policy: string }[];
    expect(out.filter((x) => x.rule === 'namespace-no-policy').map((x) => [x.file, x.policy])).toEqual([
      ['c/ns.yaml', 'payments'],
    ]);
  });

  it('exit 1 on errors (API-server validation findings are included)', async () => {
    const bad = np('p', `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - ports: [{port: 0}]`);
    const m = memoryIO({ 'bad.yaml': bad });
    expect(await main(['lint', 'bad.yaml'], m.io)).toBe(1);
    expect(m.stdout()).toMatch(/bad\.yaml:\d+:\d+: error: /);
  });

  it('--disable and cluster options', async () => {
    const p08 = cases.find((c) => c.rule === 'P-08')!.hit;
    const run = async (...args: string[]) => {
      const m = memoryIO({ 'a.yaml': p08 });
      await main(['lint', '--format', 'json', ...args, 'a.yaml'], m.io);
      return (JSON.parse(m.stdout()) as { rule: string }[]).map((x) => x.rule);
    };
    expect(await run()).toContain('P-08');
    expect(await run('--disable', 'P-08,P-34')).not.toContain('P-08');
    expect(await run('--pod-cidr', '100.64.0.0/16', '--service-cidr', '100.96.0.0/16')).not.toContain('P-08');
  });

  it('usage and I/O errors exit 2', async () => {
    for (const args of [
      ['lint', '--format', 'xml', 'a.yaml'],
      ['lint', '--fail-on', 'fatal', 'a.yaml'],
      ['lint', '--disable', 'P-99', 'a.yaml'],
      ['lint', '--bogus', 'a.yaml'],
      ['lint', 'missing.yaml'],
    ]) {
      const m = memoryIO({ 'a.yaml': clean });
      expect(await main(args, m.io), args.join(' ')).toBe(2);
      expect(m.stderr()).toMatch(/^netpol lint: /);
    }
  });

  it('--help lists the rules', async () => {
    const m = memoryIO({});
    expect(await main(['lint', '--help'], m.io)).toBe(0);
    expect(m.stdout()).toContain('P-05');
    expect(m.stdout()).toContain('--fail-on');
  });
});
