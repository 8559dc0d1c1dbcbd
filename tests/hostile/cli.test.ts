/**
 * CLI exit codes in a fresh process: 0 ok, 1 findings or invalid input, 2 usage or I/O error, each failure
 * with a one-line message and never a stack trace.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/built.ts';
import type { CliIO } from '../../src/cli/types.ts';
import { policyText, runCli, STACK_LINE, tempDir } from './helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.done());
const valid = tmp.write('valid.yaml', policyText('web'));
const invalid = tmp.write('invalid.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n');
const emptyDir = join(tmp.dir, 'empty');
mkdirSync(emptyDir);
tmp.write('empty/readme.txt', 'no yaml here');
const unreadable = tmp.write('unreadable.yaml', policyText('secret'));
chmodSync(unreadable, 0o000);
const notUtf8 = tmp.write('latin1.yaml', Uint8Array.from([...Buffer.from('a: caf'), 0xe9, 0x0a]));
/** Root reads files whatever their mode: the unreadable-file case only means something for other users. */
const isRoot = process.getuid?.() === 0;

describe('netpol exit codes (a fresh process per case)', () => {
  it.each<[string, string[], number, RegExp]>([
    ['valid input', ['validate', valid], 0, /^$/],
    ['fmt of valid input', ['fmt', valid], 0, /^apiVersion: networking\.k8s\.io\/v1$/m],
    ['a YAML syntax error', ['validate', invalid], 1, /invalid\.yaml:\d+:\d+: error: YAML syntax error/],
    ['fmt of a YAML syntax error', ['fmt', invalid], 1, /invalid\.yaml:\d+:\d+: error: YAML syntax error/],
    ['bytes that are not UTF-8', ['validate', notUtf8], 1, /latin1\.yaml:1:7: error: not valid UTF-8: byte 0xE9/],
    [
      'fmt of bytes that are not UTF-8 (it prints nothing rather than write them back changed)',
      ['fmt', notUtf8],
      1,
      /not valid UTF-8/,
    ],
    ['an unknown command', ['frobnicate'], 2, /^netpol: unknown command "frobnicate"/],
    ['an unknown flag', ['validate', '--frobnicate', valid], 2, /^netpol validate: unknown option --frobnicate$/m],
    ['an inherited property name as a flag', ['validate', '--constructor', valid], 2, /unknown option --constructor/],
    ['a flag without its value', ['lint', valid, '--format'], 2, /option --format needs a value/],
    ['a missing file', ['validate', join(tmp.dir, 'missing.yaml')], 2, /missing\.yaml: no such file/],
    ['a directory with no YAML', ['validate', emptyDir], 2, /no \.yaml, \.yml or \.json files/],
    ['a directory given to fmt as a file', ['fmt', '--', emptyDir], 2, /./],
    ['no command', [], 2, /usage: netpol/],
  ])('%s', (_, args, exit, message) => {
    const run = runCli(args);
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(exit);
    expect(output).toMatch(message);
    expect(output).not.toMatch(STACK_LINE);
    expect(output).not.toMatch(/internal error/);
    if (exit === 2 && args.length > 0) expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(isRoot)('an unreadable file: exit 2, one line', () => {
    const run = runCli(['validate', unreadable]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unreadable\.yaml: .*permission denied/i);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('standard input: valid, broken and not UTF-8', () => {
    expect(runCli(['validate', '-'], { input: policyText('stdin') }).status).toBe(0);
    const broken = runCli(['validate'], { input: 'a: [\n' });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^<stdin>:\d+:\d+: error: YAML syntax error/);
  });
});

describe('a bug in a command is one line, never a stack trace (in-process)', () => {
  it('an unexpected exception while reading becomes "internal error … (please report this)" and exit 2', async () => {
    const err: string[] = [];
    const io: CliIO = {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      readFile: () => Promise.reject(new TypeError('boom')),
      listFiles: (p) => Promise.resolve([p]),
    };
    expect(await main(['validate', 'x.yaml'], io)).toBe(2);
    expect(err.join('')).toBe('netpol validate: internal error: boom (please report this)\n');
  });
});
