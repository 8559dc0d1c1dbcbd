/** Reading the CLI's inputs: files, folders (recursively) or `-` for standard input. */
import { read, type ReadResult } from '../core/index.ts';
import { UsageError, type CliIO } from './types.ts';

export interface Input {
  /** The name to print: the path, or `<stdin>`. */
  name: string;
  text: string;
}

/** Expands paths (a folder gives its .yaml/.yml/.json files); no path means standard input. */
export async function readInputs(paths: string[], io: CliIO, options: { folders?: boolean } = {}): Promise<Input[]> {
  const inputs: Input[] = [];
  const list = paths.length ? paths : ['-'];
  for (const p of list) {
    if (p === '-') {
      inputs.push({ name: '<stdin>', text: await io.readFile('-') });
      continue;
    }
    const files = options.folders === false ? [p] : await io.listFiles(p);
    if (files.length === 0) throw new UsageError(`${p}: no .yaml, .yml or .json files`);
    for (const f of files) inputs.push({ name: f, text: await io.readFile(f) });
  }
  return inputs;
}

export async function readAll(paths: string[], io: CliIO): Promise<ReadResult[]> {
  const inputs = await readInputs(paths, io);
  return inputs.map((i) => read(i.text, { file: i.name }));
}
