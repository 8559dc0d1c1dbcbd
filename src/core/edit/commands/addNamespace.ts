import type { CommandOf, Refusal } from '../commands.ts';
import { setNamespaceLabels } from '../policies.ts';
import type { Workspace } from '../workspace.ts';

/** Adds a Namespace object; a namespace the text already knows (as an object or from a policy) is refused. */
export function addNamespace(ws: Workspace, command: CommandOf<'addNamespace'>): Refusal {
  if (ws.result.inventory.namespaces.some((n) => n.name === command.name))
    return `namespace ${command.name} already exists`;
  setNamespaceLabels(ws, command.name, command.labels ?? {});
}
