import type { CommandOf, Refusal } from '../commands.ts';
import { setNamespaceLabels as writeLabels } from '../policies.ts';
import type { Workspace } from '../workspace.ts';

/** Replaces a Namespace object's labels, creating the object when only policies mentioned the namespace. */
export function setNamespaceLabels(ws: Workspace, command: CommandOf<'setNamespaceLabels'>): Refusal {
  writeLabels(ws, command.name, command.labels);
  return undefined;
}
