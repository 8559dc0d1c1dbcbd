/**
 * Graph commands → new text: the dispatcher. A command runs on a `Workspace` (./workspace.ts, the document
 * editor) by its own function in ./commands/; only the documents it touches are rewritten, and in them only the
 * fields it changes. A command the text cannot take is answered `{ ok: false, error }`, never thrown.
 */
import type { ReadResult } from '../model/types.ts';
import type { CommandResult, GraphCommand, Refusal } from './commands.ts';
import { addNamespace } from './commands/addNamespace.ts';
import { addPodGroup } from './commands/addPodGroup.ts';
import { connect } from './commands/connect.ts';
import { disconnect } from './commands/disconnect.ts';
import { removeNode } from './commands/removeNode.ts';
import { removePolicy } from './commands/removePolicy.ts';
import { replaceNode } from './commands/replaceNode.ts';
import { replacePolicy } from './commands/replacePolicy.ts';
import { setFlowPorts } from './commands/setFlowPorts.ts';
import { setIsolation } from './commands/setIsolation.ts';
import { setNamespaceLabels } from './commands/setNamespaceLabels.ts';
import { Workspace } from './workspace.ts';
import { adminCommand, isAdminCommand } from './admin.ts';

function run(ws: Workspace, command: GraphCommand): Refusal {
  if (isAdminCommand(command)) return adminCommand(ws, command);
  switch (command.type) {
    case 'addNamespace':
      return addNamespace(ws, command);
    case 'setNamespaceLabels':
      return setNamespaceLabels(ws, command);
    case 'addPodGroup':
      return addPodGroup(ws, command);
    case 'setIsolation':
      return setIsolation(ws, command);
    case 'connect':
      return connect(ws, command);
    case 'disconnect':
      return disconnect(ws, command);
    case 'setFlowPorts':
      return setFlowPorts(ws, command);
    case 'replaceNode':
      return replaceNode(ws, command);
    case 'removeNode':
      return removeNode(ws, command);
    case 'removePolicy':
      return removePolicy(ws, command);
    case 'replacePolicy':
      return replacePolicy(ws, command);
  }
}

export function applyCommand(result: ReadResult, command: GraphCommand): CommandResult {
  const ws = new Workspace(result);
  // A command's own refusal comes before it edits anything; a refusal recorded by the workspace (a policy whose
  // YAML cannot take the edit) comes while it edits.
  const error = run(ws, command) ?? ws.refusal;
  return error === undefined ? { ok: true, ...ws.render() } : { ok: false, error };
}
