/**
 * Graph commands on cluster-scoped policies (ClusterNetworkPolicy, and AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy where their API can say it): tier, priority, a rule's action, rule order.
 * They edit the policy's document through the workspace (./workspace.ts), so only that document is rewritten,
 * and in it only the changed fields; every other document keeps its exact text. A command the policy cannot
 * take is a refusal, never thrown.
 */
import { isRecord } from '../model/clone.ts';
import type { AdminAction, AdminTier } from '../model/admin.ts';
import type { Refusal } from './commands.ts';
import type { Workspace } from './workspace.ts';

export type AdminCommand =
  /** Move a ClusterNetworkPolicy to the Admin tier (before every NetworkPolicy) or the Baseline tier (after them). */
  | { type: 'setAdminTier'; policy: string; tier: AdminTier }
  /** Set `spec.priority` (0..1000; lower wins within a tier). */
  | { type: 'setAdminPriority'; policy: string; priority: number }
  /** Set the action of rule `rule` of `direction` (v1alpha2 terms; written as `Allow` in an ANP/BANP). */
  | { type: 'setAdminAction'; policy: string; direction: 'ingress' | 'egress'; rule: number; action: AdminAction }
  /** Move rule `rule` of `direction` one place up (-1, evaluated earlier) or down (+1). */
  | { type: 'moveAdminRule'; policy: string; direction: 'ingress' | 'egress'; rule: number; by: -1 | 1 };

const ADMIN_COMMANDS: readonly string[] = ['setAdminTier', 'setAdminPriority', 'setAdminAction', 'moveAdminRule'];

export const isAdminCommand = (command: { type: string }): command is AdminCommand =>
  ADMIN_COMMANDS.includes(command.type);

export function adminCommand(ws: Workspace, command: AdminCommand): Refusal {
  const key = command.policy;
  const entry = ws.result.adminPolicies.find((e) => e.key === key);
  if (!entry) return `no cluster policy ${key}`;
  if (ws.result.documents[entry.source.doc]?.syntaxError) return `${key}: its document does not parse`;
  const kind = entry.kind;
  // Every check before the document is touched: a refused command leaves the workspace as it was.
  const spec = entry.object.spec;
  if (!isRecord(spec)) return `${key}: spec is not a mapping; fix the YAML before editing this policy in the graph`;
  switch (command.type) {
    case 'setAdminTier':
      // An ANP is always Admin and a BANP always Baseline: the kind is the tier.
      if (kind !== 'ClusterNetworkPolicy')
        return `${key}: an ${kind}'s tier is its kind; migrate it to a ClusterNetworkPolicy first`;
      if (command.tier !== 'Admin' && command.tier !== 'Baseline') return 'tier must be Admin or Baseline';
      break;
    case 'setAdminPriority':
      if (kind === 'BaselineAdminNetworkPolicy') return `${key}: a BaselineAdminNetworkPolicy has no priority`;
      if (!Number.isInteger(command.priority) || command.priority < 0 || command.priority > 1000)
        return 'priority must be a whole number from 0 to 1000';
      break;
    case 'setAdminAction':
    case 'moveAdminRule': {
      const list = spec[command.direction];
      if (!Array.isArray(list)) return `${key}: spec.${command.direction} is not a list`;
      if (command.type === 'setAdminAction') {
        if (!isRecord(list[command.rule])) return `${key}: no ${command.direction}[${command.rule}]`;
        if (!['Accept', 'Deny', 'Pass'].includes(command.action)) return 'action must be Accept, Deny or Pass';
        if (kind === 'BaselineAdminNetworkPolicy' && command.action === 'Pass')
          return `${key}: a BaselineAdminNetworkPolicy cannot Pass (Allow or Deny)`;
      } else {
        const to = command.rule + command.by;
        if (command.rule < 0 || command.rule >= list.length || to < 0 || to >= list.length)
          return `${key}: cannot move ${command.direction}[${command.rule}] there`;
      }
      break;
    }
  }
  // The same object in the workspace's copy of the document (its item, in a List).
  const value = ws.editDocument(entry.source.doc);
  const object = entry.source.item === undefined ? value : (value as { items: unknown[] }).items[entry.source.item];
  const target = (object as { spec: Record<string, unknown> }).spec;
  switch (command.type) {
    case 'setAdminTier':
      target.tier = command.tier;
      break;
    case 'setAdminPriority':
      target.priority = command.priority;
      break;
    case 'setAdminAction': {
      const rule = (target[command.direction] as Record<string, unknown>[])[command.rule]!;
      rule.action = kind !== 'ClusterNetworkPolicy' && command.action === 'Accept' ? 'Allow' : command.action;
      break;
    }
    case 'moveAdminRule': {
      const list = target[command.direction] as unknown[];
      const to = command.rule + command.by;
      [list[command.rule], list[to]] = [list[to], list[command.rule]];
      break;
    }
  }
}
