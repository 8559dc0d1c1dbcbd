/** Every `netpol` subcommand. Each lives in its own file and exports `command`. */
import type { CliCommand } from '../types.ts';
import { command as analyze } from './analyze.ts';
import { command as diff } from './diff.ts';
import { command as explain } from './explain.ts';
import { command as flows } from './flows.ts';
import { command as fmt } from './fmt.ts';
import { command as graph } from './graph.ts';
import { command as lint } from './lint.ts';
import { command as migrate } from './migrate.ts';
import { command as test } from './test.ts';
import { command as validate } from './validate.ts';

export const commands: CliCommand[] = [fmt, validate, graph, lint, analyze, explain, diff, migrate, flows, test];
