/**
 * Graph commands on cluster-scoped policies (ClusterNetworkPolicy, and AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy where their API can say it): tier, priority, a rule's action, rule order.
 * Like every command, only the touched document is rewritten, and in it only the changed fields
 * (yaml/patch.ts); every other document keeps its exact text.
 */
import { cloneValue, isRecord } from '../model/clone.ts';
import type { AdminAction, AdminTier } from '../model/admin.ts';
import type { ReadResult, SourceDocument } from '../model/types.ts';
import { canonicalDocumentValue, dumpObject } from '../format/write.ts';
import { patchDocument } from '../yaml/patch.ts';

type Obj = Record<string, unknown>;

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

/** Thrown for a command the document cannot take; the store shows the message. */
export class AdminCommandError extends Error {}

/** The policy's object in a mutable copy of its document. */
function editTarget(result: ReadResult, key: string) {
  const entry = result.adminPolicies.find((e) => e.key === key);
  if (!entry) throw new AdminCommandError(`no cluster policy ${key}`);
  const doc = result.documents[entry.source.doc];
  if (!doc || doc.syntaxError) throw new AdminCommandError(`${key}: its document does not parse`);
  const value = cloneValue(doc.value);
  const items = isRecord(value) && Array.isArray(value.items) ? (value.items as unknown[]) : undefined;
  const object = entry.source.item === undefined ? value : items?.[entry.source.item];
  if (!isRecord(object) || !isRecord(object.spec))
    throw new AdminCommandError(`${key}: spec is not a mapping; fix the YAML before editing this policy in the graph`);
  return { entry, doc, value, spec: object.spec };
}

function rulesOf(spec: Obj, direction: 'ingress' | 'egress', key: string): unknown[] {
  const rules = spec[direction];
  if (!Array.isArray(rules)) throw new AdminCommandError(`${key}: spec.${direction} is not a list`);
  return rules;
}

/** The text with one document replaced by `value`, only its changed fields rewritten. */
function render(result: ReadResult, doc: SourceDocument, value: unknown) {
  const body = patchDocument(doc.body, doc.value, value) ?? dumpObject(canonicalDocumentValue(value));
  const text =
    result.documents.map((d) => d.header + (d.index === doc.index ? body : d.body)).join('') + result.trailer;
  return { text, changedDocuments: [doc.index], addedDocuments: 0 };
}

export function applyAdminCommand(result: ReadResult, command: AdminCommand) {
  const { entry, doc, value, spec } = editTarget(result, command.policy);
  const v1alpha1 = entry.kind !== 'ClusterNetworkPolicy';
  switch (command.type) {
    case 'setAdminTier':
      // An ANP is always Admin and a BANP always Baseline: the kind is the tier.
      if (v1alpha1)
        throw new AdminCommandError(
          `${command.policy}: an ${entry.kind}'s tier is its kind; migrate it to a ClusterNetworkPolicy first`,
        );
      if (command.tier !== 'Admin' && command.tier !== 'Baseline')
        throw new AdminCommandError(`tier must be Admin or Baseline`);
      spec.tier = command.tier;
      break;
    case 'setAdminPriority':
      if (entry.kind === 'BaselineAdminNetworkPolicy')
        throw new AdminCommandError(`${command.policy}: a BaselineAdminNetworkPolicy has no priority`);
      if (!Number.isInteger(command.priority) || command.priority < 0 || command.priority > 1000)
        throw new AdminCommandError('priority must be a whole number from 0 to 1000');
      spec.priority = command.priority;
      break;
    case 'setAdminAction': {
      const rule = rulesOf(spec, command.direction, command.policy)[command.rule];
      if (!isRecord(rule)) throw new AdminCommandError(`${command.policy}: no ${command.direction}[${command.rule}]`);
      if (!['Accept', 'Deny', 'Pass'].includes(command.action))
        throw new AdminCommandError('action must be Accept, Deny or Pass');
      if (entry.kind === 'BaselineAdminNetworkPolicy' && command.action === 'Pass')
        throw new AdminCommandError(`${command.policy}: a BaselineAdminNetworkPolicy cannot Pass (Allow or Deny)`);
      rule.action = v1alpha1 && command.action === 'Accept' ? 'Allow' : command.action;
      break;
    }
    case 'moveAdminRule': {
      const rules = rulesOf(spec, command.direction, command.policy);
      const to = command.rule + command.by;
      if (command.rule < 0 || command.rule >= rules.length || to < 0 || to >= rules.length)
        throw new AdminCommandError(`${command.policy}: cannot move ${command.direction}[${command.rule}] there`);
      [rules[command.rule], rules[to]] = [rules[to], rules[command.rule]];
      break;
    }
  }
  return render(result, doc, value);
}
