import { nodeId } from '../../graph/refs.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import { flowSites, removeSites } from '../rules.ts';
import type { Workspace } from '../workspace.ts';

/** Removes the flow source → target from every rule it is written in (a rule left with no peers goes too). */
export function disconnect(ws: Workspace, command: CommandOf<'disconnect'>): Refusal {
  const sites = flowSites(ws, command.source, command.target);
  if (sites.length === 0) return `no rule allows ${nodeId(command.source)} → ${nodeId(command.target)}`;
  removeSites(ws, sites);
}
