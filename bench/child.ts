/** Runs a bench script in a child `node --expose-gc` process and returns the JSON it prints last. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ChildOutput {
  /** The parsed last JSON line of stdout. */
  result: unknown;
  /** Every stdout line (for scripts that run with tracing flags that print there). */
  lines: string[];
}

export function runChildRaw(
  root: string,
  script: string,
  args: string[] = [],
  nodeFlags: string[] = [],
): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', ...nodeFlags, join(root, 'bin/run-ts.mjs'), script, ...args],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      // The last line that is a JSON object (GC tracing may print after it).
      const last = lines.findLast((l) => l.startsWith('{'));
      try {
        resolve({ result: JSON.parse(last ?? ''), lines });
      } catch {
        reject(new Error(`${script} printed no JSON result`));
      }
    });
  });
}

export async function runChild(root: string, script: string, args: string[] = []): Promise<unknown> {
  return (await runChildRaw(root, script, args)).result;
}
