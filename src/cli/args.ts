/** A small, strict argument parser: known flags only, values after `=` or as the next argument. */
import { UsageError } from './types.ts';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** `spec` maps a flag name (without dashes) to whether it takes a value. */
export function parseArgs(args: string[], spec: Record<string, boolean>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      // Own keys only: `name in spec` accepted --constructor, --toString and other inherited names.
      if (!Object.hasOwn(spec, name)) throw new UsageError(`unknown option --${name}`);
      if (spec[name]) {
        const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        flags.set(name, value);
      } else {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        flags.set(name, true);
      }
    } else {
      positionals.push(a);
    }
  }
  return { positionals, flags };
}
