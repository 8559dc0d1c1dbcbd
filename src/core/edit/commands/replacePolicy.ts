import type { CommandOf, Refusal } from '../commands.ts';
import type { Workspace } from '../workspace.ts';

/** Replaces one policy where it stands, rewriting only the fields that differ (a linter quick fix). */
export function replacePolicy(ws: Workspace, command: CommandOf<'replacePolicy'>): Refusal {
  const h = ws.handles.find((x) => x.key === command.policy);
  if (!h) return `no policy ${command.policy}`;
  ws.replacePolicy(h, command.with);
}
