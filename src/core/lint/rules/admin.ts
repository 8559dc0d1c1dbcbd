/**
 * Pitfalls of the cluster-scoped tiers (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy;
 * admin-network-policy.md §4–§7). Schema and CEL violations (BANP not named `default`, the named-port CEL rule
 * of the experimental channel…) are `read`'s (validateAdmin.ts) and are not repeated here.
 */
import { cidrRangeView, parseCidr } from '../../model/cidr.ts';
import {
  compareAdminPolicies,
  describeAdminRule,
  normalizeAdminEntry,
  type AdminPeer,
  type AdminPolicy,
  type AdminRule,
} from '../../model/admin.ts';
import { selectorMatches } from '../../model/selector.ts';
import type { FieldPath } from '../../model/types.ts';
import type { LintContext } from '../context.ts';
import type { LintRuleInfo, RuleFinding } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'A-01',
    title: 'two policies of one tier with the same priority and overlapping rules (order undefined)',
    severity: 'error',
    fix: 'give each policy its own priority: with equal priorities the implementation may apply either',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-02',
    title: 'rule shadowed by an earlier rule of the same policy',
    severity: 'warning',
    fix: 'delete the shadowed rule or move it above the rule that captures its traffic: the first match decides',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-03',
    title: 'Pass that nothing below handles (same as allowing)',
    severity: 'warning',
    fix: 'Pass hands the traffic to NetworkPolicies, then the Baseline tier, then default allow: write Accept if that is meant, or add the policies that should decide',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-04',
    title: 'named port towards networks, nodes or domainNames (never matches)',
    severity: 'warning',
    fix: 'use port numbers for address peers, or put the address peers in a rule of their own',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-05',
    title: 'Admin-tier Deny that namespace NetworkPolicies cannot override',
    severity: 'info',
    fix: 'tell the namespace owners, or use Pass (they decide) or a Baseline-tier Deny (their NetworkPolicies override it)',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-06',
    title: 'domainNames in a rule that is not Accept',
    severity: 'warning',
    fix: 'domainNames are only supported for Accept rules: allow the names, then Deny the rest with networks',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-07',
    title: 'networks peer covering the pod network (matches pod-to-pod traffic too)',
    severity: 'warning',
    fix: 'select pods with namespaces/pods peers; "if you Accept or Deny 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well"',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-08',
    title: 'experimental-channel field (nodes, domainNames, named ports)',
    severity: 'info',
    fix: 'install the experimental CRDs, or the standard channel rejects (or prunes) the field',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'A-09',
    title: 'legacy AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1)',
    severity: 'info',
    fix: 'convert to ClusterNetworkPolicy (v1alpha2): netpol migrate',
    safeFix: false,
    needs: 'policies',
  },
];

interface Located {
  input: number;
  policy: AdminPolicy;
}

const peerKey = (p: AdminPeer): string =>
  JSON.stringify({ ...p, index: 0 }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Every port of `b` is a port of `a` (numeric ports; a named port is covered only by the same name or all ports). */
function portsCover(a: AdminRule, b: AdminRule): boolean {
  if (!a.ports) return true;
  if (!b.ports) return false;
  return b.ports.every((pb) =>
    a.ports!.some((pa) =>
      pb.kind === 'named'
        ? pa.kind === 'named' && pa.name === pb.name
        : pb.kind === 'range' && pa.kind === 'range' && pa.protocol === pb.protocol && pa.lo <= pb.lo && pb.hi <= pa.hi,
    ),
  );
}

/** Every peer of `b` is matched by some peer of `a` (equal peers, or `a` has a peer matching every pod). */
function peersCover(a: AdminRule, b: AdminRule): boolean {
  const keys = new Set(a.peers.map(peerKey));
  const allPods = a.peers.some(
    (p) =>
      (p.kind === 'namespaces' && Object.keys(p.namespaceSelector).length === 0) ||
      (p.kind === 'pods' && Object.keys(p.namespaceSelector).length === 0 && Object.keys(p.podSelector).length === 0),
  );
  return (
    b.peers.length > 0 &&
    b.peers.every((p) => keys.has(peerKey(p)) || (allPods && (p.kind === 'namespaces' || p.kind === 'pods')))
  );
}

function subjectMayOverlap(ctx: LintContext, a: AdminPolicy, b: AdminPolicy): boolean {
  if (a.subject.kind === 'none' || b.subject.kind === 'none') return false;
  if (!ctx.hasWorkloads) return true;
  const selects = (p: AdminPolicy, ns: string, labels: Record<string, string>) =>
    p.subject.kind !== 'none' &&
    selectorMatches(p.subject.namespaceSelector, ctx.namespaceLabels(ns)) &&
    (p.subject.kind === 'namespaces' || selectorMatches(p.subject.podSelector, labels));
  return ctx.workloads.some((w) => selects(a, w.namespace, w.labels) && selects(b, w.namespace, w.labels));
}

export function check(ctx: LintContext): void {
  const all: Located[] = [];
  let order = 0;
  ctx.inputs.forEach((r, input) =>
    r.adminPolicies.forEach((entry) => all.push({ input, policy: normalizeAdminEntry(entry, order++) })),
  );
  if (all.length === 0) return;
  const report = (l: Located, path: FieldPath, finding: Omit<RuleFinding, 'path'>) =>
    ctx.reportAt(l.input, l.policy.entry!.source, l.policy.key, { ...finding, path });
  const rulePath = (rule: AdminRule): FieldPath => ['spec', rule.direction, rule.index];
  const hasNetworkPolicies = ctx.policies.length > 0;

  // equal priorities in one tier.
  const sorted = [...all].sort((x, y) =>
    x.policy.tier === y.policy.tier ? compareAdminPolicies(x.policy, y.policy) : x.policy.tier < y.policy.tier ? -1 : 1,
  );
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!.policy;
      const b = sorted[j]!.policy;
      if (a.tier !== b.tier || a.priority !== b.priority || Number.isNaN(a.priority)) break;
      const shared = (['ingress', 'egress'] as const).filter((d) => a[d].length && b[d].length);
      if (!shared.length || !subjectMayOverlap(ctx, a, b)) continue;
      report(sorted[j]!, ['spec', b.kind === 'BaselineAdminNetworkPolicy' ? 'subject' : 'priority'], {
        rule: 'A-01',
        message: `${b.key} and ${a.key} are both ${a.tier} tier, priority ${a.priority}, with ${shared.join(' and ')} rules for the same pods: which one applies first is undefined (np-guard rejects equal priorities)`,
      });
    }

  for (const l of all) {
    const p = l.policy;
    if (p.kind !== 'ClusterNetworkPolicy')
      report(l, ['kind'], {
        rule: 'A-09',
        message: `${p.kind} (v1alpha1) is replaced by ClusterNetworkPolicy tier ${p.tier} (v1alpha2); netpol migrate converts it`,
      });
    for (const rule of [...p.ingress, ...p.egress]) {
      // shadowed by an earlier rule of the same direction.
      const rules = p[rule.direction];
      const shadow = rules.slice(0, rule.index).find((e) => e.action && peersCover(e, rule) && portsCover(e, rule));
      if (shadow)
        report(l, rulePath(rule), {
          rule: 'A-02',
          message: `${describeAdminRule(rule)} never applies: ${rule.direction}[${shadow.index}] (${shadow.writtenAction}) matches all its traffic first`,
        });
      // Pass with nothing below.
      if (rule.action === 'Pass') {
        const baselineBelow = all.some((o) => o.policy.tier === 'Baseline' && o.policy[rule.direction].length > 0);
        if (p.tier === 'Baseline')
          report(l, [...rulePath(rule), 'action'], {
            rule: 'A-03',
            message: `Pass in the Baseline tier hands the traffic to the default, which allows it: the same as Accept, minus the lower Baseline rules`,
          });
        else if (!hasNetworkPolicies && !baselineBelow)
          report(l, [...rulePath(rule), 'action'], {
            rule: 'A-03',
            message: `Pass hands the traffic to NetworkPolicies and the Baseline tier, but the input has neither: it is allowed by default`,
          });
      }
      // on peers and ports.
      const named = rule.ports?.some((x) => x.kind === 'named');
      const addressPeers = rule.peers.filter(
        (x) => x.kind === 'networks' || x.kind === 'nodes' || x.kind === 'domainNames',
      );
      if (named && addressPeers.length)
        report(l, rulePath(rule), {
          rule: 'A-04',
          message: `a named port never matches ${[...new Set(addressPeers.map((x) => x.kind))].join('/')} (there are no named ports for addresses): only the pod peers get the named port`,
        });
      if (named)
        report(l, [...rulePath(rule), p.kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports'], {
          rule: 'A-08',
          message: `named ports are an experimental-channel field of ${p.kind}`,
        });
      for (const peer of rule.peers) {
        const peerPath: FieldPath = [...rulePath(rule), rule.direction === 'ingress' ? 'from' : 'to', peer.index];
        if (peer.kind === 'domainNames' && rule.action !== 'Accept')
          report(l, peerPath, {
            rule: 'A-06',
            message: `domainNames are only supported for Accept rules; this ${rule.writtenAction} rule is not enforced as written by every implementation`,
          });
        if (peer.kind === 'nodes' || peer.kind === 'domainNames')
          report(l, [...peerPath, peer.kind], {
            rule: 'A-08',
            message: `${peer.kind} is an experimental-channel field: the standard CRD rejects it`,
          });
        if (peer.kind === 'networks' && rule.action)
          for (const cidr of peer.cidrs) {
            const c = parseCidr(cidr);
            if (!c) continue;
            const v = cidrRangeView(c);
            const hit = ctx.profile.podCIDRs.find((pc) => {
              const q = parseCidr(pc);
              if (!q) return false;
              const w = cidrRangeView(q);
              return w.family === v.family && v.first <= w.last && w.first <= v.last;
            });
            if (hit)
              report(l, [...peerPath, 'networks', peer.cidrs.indexOf(cidr)], {
                rule: 'A-07',
                message: `${cidr} overlaps the pod network ${hit}: this ${rule.writtenAction} also applies to pod-to-pod traffic (cluster-internal traffic is checked against networks too)`,
              });
          }
      }
      // Admin Deny over namespaces whose NetworkPolicies cannot override it.
      if (p.tier === 'Admin' && rule.action === 'Deny' && p.subject.kind !== 'none') {
        const nsSel = p.subject.namespaceSelector;
        const owners = [...new Set(ctx.policies.map((x) => x.namespace))].filter((ns) =>
          selectorMatches(nsSel, ctx.namespaceLabels(ns)),
        );
        if (owners.length)
          report(l, [...rulePath(rule), 'action'], {
            rule: 'A-05',
            message: `Admin-tier Deny applies before NetworkPolicies: the policies of namespace${owners.length > 1 ? 's' : ''} ${owners.slice(0, 5).join(', ')}${owners.length > 5 ? '…' : ''} cannot allow what it denies`,
          });
      }
    }
  }
}
