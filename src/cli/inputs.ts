/** Reading the CLI's inputs: files, folders (recursively) or `-` for standard input. */
import { read, type Diagnostic, type ReadResult } from '../core/index.ts';
import { UsageError, type CliIO } from './types.ts';

export interface Input {
  /** The name to print: the path, or `<stdin>`. */
  name: string;
  text: string;
  /** Set when the bytes were not UTF-8: `text` then holds U+FFFD where the bad bytes were. */
  encoding?: EncodingError;
}

/**
 * An input whose bytes are not UTF-8 text. A UsageError (one line, exit 2) for commands that would write the
 * text back (fmt must not replace bytes it cannot read); readAll turns it into a positioned error instead.
 */
export class EncodingError extends UsageError {
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly detail: string;
  constructor(path: string, detail: string, text: string, line: number, column: number) {
    super(`${path}:${line}:${column}: ${detail}`);
    this.detail = detail;
    this.text = text;
    this.line = line;
    this.column = column;
  }
}

/** Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // no overlong forms
      if (b === 0xed) max = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Bytes → text. Throws an EncodingError (carrying the text with replacement characters) for UTF-16 and for
 * bytes that are not UTF-8: decoding them silently would replace them, and fmt would write the replacement back.
 */
export function decodeInput(path: string, bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new EncodingError(path, 'UTF-16 text: save the file as UTF-8', text, 1, 1);
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return text;
  let line = 1;
  let column = 1;
  for (let i = 0; i < bad; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else if ((bytes[i]! & 0xc0) !== 0x80) column++;
  }
  const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
  throw new EncodingError(
    path,
    `not valid UTF-8: byte 0x${hex} cannot start or continue a character`,
    text,
    line,
    column,
  );
}

/** Expands paths (a folder gives its .yaml/.yml/.json files); no path means standard input. */
export async function readInputs(
  paths: string[],
  io: CliIO,
  options: { folders?: boolean; lenientEncoding?: boolean } = {},
): Promise<Input[]> {
  const inputs: Input[] = [];
  const list = paths.length ? paths : ['-'];
  const load = async (path: string, name: string) => {
    try {
      inputs.push({ name, text: await io.readFile(path) });
    } catch (e) {
      if (!(e instanceof EncodingError && options.lenientEncoding)) throw e;
      inputs.push({ name, text: e.text, encoding: e });
    }
  };
  for (const p of list) {
    if (p === '-') {
      await load('-', '<stdin>');
      continue;
    }
    const files = options.folders === false ? [p] : await io.listFiles(p);
    if (files.length === 0) throw new UsageError(`${p}: no .yaml, .yml or .json files`);
    for (const f of files) await load(f, f);
  }
  return inputs;
}

/** Reads every input; one that is not UTF-8 is read with replacement characters and gets a positioned error. */
export async function readAll(paths: string[], io: CliIO): Promise<ReadResult[]> {
  const inputs = await readInputs(paths, io, { lenientEncoding: true });
  return inputs.map((i) => {
    const result = read(i.text, { file: i.name });
    if (i.encoding) {
      const d: Diagnostic = {
        severity: 'error',
        code: 'encoding',
        message: i.encoding.detail,
        file: i.name,
        line: i.encoding.line,
        column: i.encoding.column,
      };
      result.diagnostics.unshift(d);
    }
    return result;
  });
}
