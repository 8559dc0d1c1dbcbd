/**
 * Rules that need an inventory of namespaces and workloads: P-06 (a policy or peer that selects nothing),
 * P-22 (only hostNetwork pods, which selectors do not match on most CNIs), P-23 (a podSelector-only peer,
 * which stays in the policy's namespace, naming pods that exist only elsewhere), P-14 (named ports nobody
 * defines, or named ports towards ipBlocks), and the operator audit "namespaces without NetworkPolicies".
 * Templated policies are skipped: their namespaces and labels are not final.
 */
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.ts';
import type { WorkloadInfo } from '../../model/types.ts';
import {
  describeSelector,
  getAt,
  isRecord,
  matches,
  peerShape,
  peerWorkloads,
  PEERS_KEY,
  portShape,
  subjectWorkloads,
  type LintContext,
  type PolicyView,
  type RuleView,
} from '../context.ts';
import type { LintRuleInfo } from '../types.ts';
import { isNodeLabelKey } from './selectors.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-06',
    title: 'policy or peer that selects nothing in the inventory',
    severity: 'warning',
    fix: 'check the selector for typos against the workload labels',
    safeFix: false,
    needs: 'workloads',
  },
  {
    id: 'P-14',
    title: 'named port nobody defines, or named port towards an ipBlock',
    severity: 'warning',
    fix: 'use the container port number, or a name (and protocol) the destination pods define',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-22',
    title: 'selector matching only hostNetwork pods',
    severity: 'warning',
    fix: 'hostNetwork pods use the node address: match them with an ipBlock of the node IPs',
    safeFix: false,
    needs: 'workloads',
  },
  {
    id: 'P-23',
    title: 'podSelector peer naming pods that exist only in other namespaces',
    severity: 'warning',
    fix: 'add a namespaceSelector (kubernetes.io/metadata.name: <ns>) to the same peer',
    safeFix: false,
    needs: 'workloads',
  },
  {
    id: 'namespace-no-policy',
    title: 'namespace without any NetworkPolicy',
    severity: 'warning',
    fix: 'add a default-deny policy and allow what the namespace needs',
    safeFix: false,
    needs: 'namespaces',
  },
];

/** The namespaces P-06 may judge: ones the inventory describes (as Namespace objects or by their workloads). */
function known(ctx: LintContext, ns: string): boolean {
  return ctx.namespaceByName.has(ns) || ctx.workloadsIn(ns).length > 0;
}

export function check(ctx: LintContext): void {
  for (const p of ctx.policies) {
    for (const r of [...p.ingress, ...p.egress]) checkNamedPorts(ctx, p, r);
    if (p.templated || !ctx.hasWorkloads) continue;
    checkSubject(ctx, p);
    for (const r of [...p.ingress, ...p.egress]) checkPeers(ctx, p, r);
  }
  checkNamespaces(ctx);
}

function names(ws: WorkloadInfo[]): string {
  const list = ws.slice(0, 4).map((w) => `${w.namespace}/${w.name}`);
  return list.join(', ') + (ws.length > 4 ? ', …' : '');
}

/** P-07 already explains selectors on node labels; stay quiet about them here. */
const usesNodeLabels = (sel: unknown): boolean =>
  !!sel &&
  typeof sel === 'object' &&
  Object.keys((sel as { matchLabels?: object }).matchLabels ?? {}).some(
    (k) => isNodeLabelKey(k) || k === NAMESPACE_NAME_LABEL,
  );

function checkSubject(ctx: LintContext, p: PolicyView): void {
  if (!known(ctx, p.namespace) || usesNodeLabels(p.subject)) return;
  const selected = subjectWorkloads(ctx, p);
  if (selected.length === 0) {
    ctx.report(p, {
      rule: 'P-06',
      message: `spec.podSelector (${describeSelector(p.subject)}) matches no workload of namespace ${p.namespace} in the inventory: the policy has no effect`,
      path: ['spec', 'podSelector'],
    });
  } else if (selected.every((w) => w.hostNetwork)) {
    ctx.report(p, {
      rule: 'P-22',
      message: `spec.podSelector matches only hostNetwork workloads (${names(selected)}); most CNIs do not apply policies to hostNetwork pods`,
      path: ['spec', 'podSelector'],
    });
  }
}

function checkPeers(ctx: LintContext, p: PolicyView, r: RuleView): void {
  if (!r.effective) return;
  const key = PEERS_KEY[r.direction];
  (r.peers ?? []).forEach((peer, i) => {
    const s = peerShape(peer);
    if (s.kind !== 'selector' || usesNodeLabels(s.podSelector)) return;
    const path = [...r.path, key, i];
    // A namespaceSelector on `name` is P-05's finding: it matching nothing is the same mistake.
    if (s.namespaceSelector && Object.hasOwn(s.namespaceSelector?.matchLabels ?? {}, 'name')) return;
    if (s.namespaceSelector) {
      // Namespace labels are known only from Namespace objects; without them a namespaceSelector is not judged.
      if (!ctx.hasNamespaces) return;
      const nss = ctx.namespaces.filter((ns) => matches(s.namespaceSelector, ns.labels));
      if (nss.length === 0) {
        ctx.report(p, {
          rule: 'P-06',
          message: `namespaceSelector (${describeSelector(s.namespaceSelector)}) matches no namespace in the inventory`,
          path: [...path, 'namespaceSelector'],
        });
        return;
      }
      // A matched namespace whose workloads the inventory does not list (kube-system, typically) may hold
      // the pods: only judge when every matched namespace has workloads listed.
      if (!nss.every((ns) => ctx.workloadsIn(ns.name).length > 0)) return;
    } else if (ctx.workloadsIn(p.namespace).length === 0) return;
    const hit = peerWorkloads(ctx, s, p.namespace);
    if (hit.length > 0) {
      if (hit.every((w) => w.hostNetwork))
        ctx.report(p, {
          rule: 'P-22',
          message: `this peer matches only hostNetwork workloads (${names(hit)}): selectors do not match hostNetwork pods on most CNIs; their traffic carries the node address`,
          path,
        });
      return;
    }
    if (!s.namespaceSelector && s.podSelector) {
      const anywhere = peerWorkloads(ctx, { ...s, namespaceSelector: {} }, p.namespace);
      const elsewhere = anywhere.filter((w) => w.namespace !== p.namespace);
      if (elsewhere.length > 0) {
        const nsNames = [...new Set(elsewhere.map((w) => w.namespace))];
        ctx.report(p, {
          rule: 'P-23',
          message: `podSelector (${describeSelector(s.podSelector)}) without namespaceSelector matches pods in ${p.namespace} only, but the matching workloads are in ${nsNames.join(', ')} (${names(elsewhere)})`,
          path,
          fix: `add namespaceSelector: {matchLabels: {${NAMESPACE_NAME_LABEL}: ${nsNames[0]}}} to this peer`,
          fixes: nsNames.map((ns) => ({
            title: `select these pods in namespace ${ns}`,
            safe: false,
            apply: (policy) => {
              const target = getAt(policy, path);
              if (isRecord(target)) target.namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } };
            },
          })),
        });
        return;
      }
    }
    ctx.report(p, {
      rule: 'P-06',
      message: `this peer (${s.namespaceSelector ? `namespaces ${describeSelector(s.namespaceSelector)}, ` : ''}pods ${describeSelector(s.podSelector)}) matches no workload in the inventory`,
      path,
    });
  });
}

function checkNamedPorts(ctx: LintContext, p: PolicyView, r: RuleView): void {
  if (!r.effective) return;
  const named = (r.ports ?? []).map((port, i) => ({ s: portShape(port), i })).filter((x) => x.s.kind === 'named');
  if (named.length === 0) return;
  const peers = r.peers ?? [];
  const shapes = peers.map(peerShape);
  if (r.direction === 'egress' && shapes.length > 0 && shapes.every((s) => s.kind === 'ipBlock')) {
    for (const { i } of named)
      ctx.report(p, {
        rule: 'P-14',
        message:
          "a named port resolves against the destination pod's container ports, so towards ipBlock destinations it matches nothing; use the port number",
        path: [...r.path, 'ports', i, 'port'],
      });
    return;
  }
  if (!ctx.hasWorkloads || p.templated) return;
  // The destinations whose container ports the name resolves against.
  let targets: WorkloadInfo[];
  if (r.direction === 'ingress') targets = subjectWorkloads(ctx, p);
  else if (shapes.length === 0) targets = ctx.workloads;
  else targets = shapes.flatMap((s) => peerWorkloads(ctx, s, p.namespace));
  if (targets.length === 0) return;
  for (const { s, i } of named) {
    if (s.kind !== 'named') continue;
    if (targets.some((w) => w.ports.some((cp) => cp.name === s.name && cp.protocol === s.protocol))) continue;
    const other = targets.flatMap((w) => w.ports.filter((cp) => cp.name === s.name));
    ctx.report(p, {
      rule: 'P-14',
      message: other.length
        ? `named port "${s.name}" is ${s.protocol} here, but the destination pods define it as ${[...new Set(other.map((cp) => cp.protocol))].join('/')}: the rule matches nothing`
        : `no destination pod (${names(targets)}) defines a container port named "${s.name}": the rule matches nothing`,
      path: [...r.path, 'ports', i, 'port'],
    });
  }
}

function checkNamespaces(ctx: LintContext): void {
  if (!ctx.hasNamespaces) return;
  const covered = new Set(ctx.policies.map((p) => p.namespace));
  for (const ns of ctx.namespaces) {
    if (covered.has(ns.name) || ns.input === undefined || !ns.source) continue;
    // The control plane's own namespaces are rarely policed by the cluster's users.
    const system = ns.name.startsWith('kube-');
    ctx.reportAt(ns.input, ns.source, ns.name, {
      rule: 'namespace-no-policy',
      severity: system ? 'info' : 'warning',
      message: `namespace ${ns.name} has no NetworkPolicy: all its pods accept and send any traffic`,
      path: ['metadata', 'name'],
    });
  }
}
