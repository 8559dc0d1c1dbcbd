/** What a CLI command gets: arguments and its I/O, so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads a file (or `-` for standard input) as UTF-8 text; throws a UsageError-compatible error on failure. */
  readFile: (path: string) => Promise<string>;
  /** Lists files under a path recursively (a file lists itself); only .yaml, .yml and .json files. */
  listFiles: (path: string) => Promise<string[]>;
  /**
   * Streams a file (or `-`) line by line without loading it whole (flow logs can be hundreds of MB); when
   * absent, callers fall back to readFile.
   */
  readLines?: (path: string, onLine: (line: string, lineNo: number) => void) => Promise<void>;
}

export interface CliCommand {
  name: string;
  /** One line for `netpol --help`. */
  summary: string;
  /** Full `--help` text. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 findings or invalid input, 2 usage or I/O error. */
  run: (args: string[], io: CliIO) => Promise<number>;
}

/** A usage or I/O problem: the CLI prints its one-line message and exits 2. */
export class UsageError extends Error {}
