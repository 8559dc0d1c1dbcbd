/** Graph commands in tests: the applied edit, or the refusal, with a failing test naming the other answer. */
import { type GraphCommand, type ReadResult } from '../../src/core/index.ts';
import { applyCommand } from '../../src/core/edits.ts';
import { type AppliedEdit } from '../../src/core/edit/commands.ts';

/** The command's new text; a refused command fails the test with its message. */
export function edited(result: ReadResult, command: GraphCommand): AppliedEdit {
  const r = applyCommand(result, command);
  if (!r.ok) throw new Error(`${command.type} was refused: ${r.error}`);
  return r;
}

/** Why the command was refused; an applied command fails the test. */
export function refusal(result: ReadResult, command: GraphCommand): string {
  const r = applyCommand(result, command);
  if (r.ok) throw new Error(`${command.type} was applied, expected a refusal`);
  return r.error;
}
