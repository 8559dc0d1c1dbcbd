import type { CommandOf, Refusal } from '../commands.ts';
import type { Workspace } from '../workspace.ts';

/** Removes one policy by key (its document, or its item of a List); allowed even when its YAML is wrongly typed. */
export function removePolicy(ws: Workspace, command: CommandOf<'removePolicy'>): Refusal {
  const h = ws.handles.find((x) => x.key === command.policy);
  if (!h) return `no policy ${command.policy}`;
  ws.removePolicy(h);
}
