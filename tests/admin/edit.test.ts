/** Graph commands on cluster-scoped policies: only the touched document changes, in it only the edited field. */
import { describe, expect, it } from 'vitest';
import { applyCommand } from '../../src/core/edit/apply.ts';
import type { GraphCommand } from '../../src/core/edit/commands.ts';
import { normalizeAdminEntry } from '../../src/core/model/admin.ts';
import { read } from '../../src/core/read/read.ts';

const NP = `# a NetworkPolicy, untouched
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
`;
const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: isolate-b # keep this comment
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
    - name: first
      action: Pass
      from: [{namespaces: {matchLabels: {team: a}}}]
    - name: second
      action: Deny
      from: [{namespaces: {}}]
`;
const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: old}
spec:
  priority: 5
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {matchLabels: {team: x}}}]}]
`;
const BANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;
const TEXT = [NP, CNP, ANP, BANP].join('---\n');
const docs = (text: string) => text.split('---\n');

/** The applied edit, or the refusal as an exception (so a refused command fails the test that expects an edit). */
function applied(text: string, command: GraphCommand) {
  const out = applyCommand(read(text), command);
  if (!out.ok) throw new Error(out.error);
  return out;
}

function apply(command: GraphCommand) {
  const out = applied(TEXT, command);
  const after = read(out.text);
  const policy = (key: string) => normalizeAdminEntry(after.adminPolicies.find((e) => e.key === key)!);
  return { out, after, policy, docs: docs(out.text) };
}

describe('admin graph commands', () => {
  it('sets a ClusterNetworkPolicy priority: only its document changes, its comment stays', () => {
    const { out, policy, docs: d, after } = apply({ type: 'setAdminPriority', policy: 'cnp/isolate-b', priority: 30 });
    expect(out.changedDocuments).toEqual([1]);
    expect([d[0], d[2], d[3]]).toEqual([NP, ANP, BANP]);
    expect(d[1]).toBe(CNP.replace('priority: 10', 'priority: 30'));
    expect(policy('cnp/isolate-b').priority).toBe(30);
    expect(after.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it.each([
    [{ type: 'setAdminTier', policy: 'cnp/isolate-b', tier: 'Baseline' }, CNP.replace('tier: Admin', 'tier: Baseline')],
    [
      { type: 'setAdminAction', policy: 'cnp/isolate-b', direction: 'ingress', rule: 1, action: 'Accept' },
      CNP.replace('action: Deny', 'action: Accept'),
    ],
  ] satisfies [GraphCommand, string][])('%j rewrites only that field', (command, expected) => {
    const { docs: d } = apply(command);
    expect(d).toEqual([NP, expected, ANP, BANP]);
  });

  it('moves a rule up: the rule order (which decides within a policy) swaps, names and peers with it', () => {
    const { policy, docs: d } = apply({
      type: 'moveAdminRule',
      policy: 'cnp/isolate-b',
      direction: 'ingress',
      rule: 1,
      by: -1,
    });
    expect(policy('cnp/isolate-b').ingress.map((r) => [r.name, r.action])).toEqual([
      ['second', 'Deny'],
      ['first', 'Pass'],
    ]);
    expect([d[0], d[2], d[3]]).toEqual([NP, ANP, BANP]);
  });

  it('writes v1alpha1 actions in v1alpha1 terms (Accept is Allow in an ANP)', () => {
    const { policy, docs: d } = apply({
      type: 'setAdminAction',
      policy: 'anp/old',
      direction: 'ingress',
      rule: 0,
      action: 'Accept',
    });
    expect(d[2]).toBe(ANP.replace('action: Deny', 'action: Allow'));
    expect(policy('anp/old').ingress[0]!.action).toBe('Accept');
  });

  it.each([
    [{ type: 'setAdminTier', policy: 'anp/old', tier: 'Baseline' }, /migrate it/],
    [{ type: 'setAdminPriority', policy: 'banp/default', priority: 3 }, /has no priority/],
    [{ type: 'setAdminPriority', policy: 'cnp/isolate-b', priority: 1001 }, /0 to 1000/],
    [{ type: 'setAdminPriority', policy: 'cnp/isolate-b', priority: 2.5 }, /whole number/],
    [{ type: 'setAdminAction', policy: 'banp/default', direction: 'ingress', rule: 0, action: 'Pass' }, /cannot Pass/],
    [{ type: 'setAdminAction', policy: 'cnp/isolate-b', direction: 'egress', rule: 0, action: 'Deny' }, /not a list/],
    [{ type: 'moveAdminRule', policy: 'cnp/isolate-b', direction: 'ingress', rule: 0, by: -1 }, /cannot move/],
    [{ type: 'setAdminPriority', policy: 'cnp/nope', priority: 1 }, /no cluster policy/],
  ] satisfies [GraphCommand, RegExp][])('refuses %j', (command, message) => {
    const out = applyCommand(read(TEXT), command);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatch(message);
  });

  it('edits a ClusterNetworkPolicy inside a List, keeping the other items', () => {
    const list = `apiVersion: v1
kind: List
items:
  - ${CNP.trimEnd().split('\n').join('\n    ')}
  - ${ANP.trimEnd().split('\n').join('\n    ')}
`;
    const r = read(list);
    expect(r.adminPolicies.map((e) => e.key)).toEqual(['cnp/isolate-b', 'anp/old']);
    const out = applied(list, { type: 'setAdminPriority', policy: 'anp/old', priority: 7 });
    // (The comment-keeping patch re-indents a List's items; the values and the comment stay.)
    const after = read(out.text);
    expect(after.adminPolicies.map((e) => normalizeAdminEntry(e).priority)).toEqual([10, 7]);
    expect(out.text).toContain('# keep this comment');
  });
});
