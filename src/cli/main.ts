/**
 * `netpol`: the command-line front end on the core. Exit codes: 0 ok, 1 findings or invalid input,
 * 2 usage or I/O error. Bad input never produces a stack trace.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { commands } from './commands/index.ts';
import { decodeInput } from './inputs.ts';
import { UsageError, type CliIO } from './types.ts';
import { VERSION } from './version.ts';

const INPUT_EXTENSIONS = /\.(ya?ml|json)$/i;
/** Inputs larger than this are refused before reading: see README "Security". */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new UsageError(`standard input is larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return decodeInput('<stdin>', Buffer.concat(chunks));
}

export const nodeIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  async readFile(path) {
    if (path === '-') return readStdin();
    let bytes: Buffer;
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new UsageError(`${path}: is a directory`);
      if (info.size > MAX_INPUT_BYTES) throw new UsageError(`${path}: larger than ${MAX_INPUT_BYTES} bytes`);
      bytes = await readFile(path);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(
        `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
    }
    // Decoded outside the try: an EncodingError carries the text for commands that report it as a finding.
    return decodeInput(path, bytes);
  },
  async listFiles(path) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
    if (!info.isDirectory()) return [path];
    const out: string[] = [];
    const walk = async (dir: string) => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (INPUT_EXTENSIONS.test(e.name)) out.push(p);
      }
    };
    await walk(path);
    return out;
  },
};

function topUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'netpol: format, validate, draw, analyze, explain and lint Kubernetes NetworkPolicies',
    '',
    'usage: netpol <command> [options] [FILE…|-]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'options: -h, --help  this text;  -V, --version  print the version',
    '',
    'Run `netpol <command> --help` for a command. Exit codes: 0 ok, 1 findings or invalid input, 2 usage or I/O error.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = nodeIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topUsage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`netpol ${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`netpol: unknown command "${name}" (try netpol --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`netpol ${name}: ${e.message}\n`);
      return 2;
    }
    // Anything else is a bug in netpol, not bad input: still one line, with a hint to report it.
    io.stderr(`netpol ${name}: internal error: ${e instanceof Error ? e.message : String(e)} (please report this)\n`);
    return 2;
  }
}
