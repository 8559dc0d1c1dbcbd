/**
 * P-04: pods isolated for egress need an egress rule allowing DNS, over UDP and TCP (answers that do not fit
 * in UDP are retried over TCP). "A default deny-all egress policy also blocks DNS traffic" (k8s docs).
 * The DNS target comes from the cluster profile: kube-system pods labelled k8s-app=kube-dns, port 53,
 * plus NodeLocal DNSCache's link-local address for ipBlock rules.
 */
import { cidrContainsIp, parseCidr, parseIp } from '../../model/cidr.ts';
import {
  matches,
  peerShape,
  portsAdmit,
  ImplicationIndex,
  subjectWorkloads,
  type LintContext,
  type PolicyView,
  type RuleView,
} from '../context.ts';
import { dnsRule, pinPolicyTypes, specOf } from '../fixes.ts';
import type { WorkloadInfo } from '../../model/types.ts';
import type { FixDefinition, LintRuleInfo } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-04',
    title: 'egress isolation without DNS (or DNS over UDP only)',
    severity: 'warning',
    fix: 'allow egress to the cluster DNS on UDP and TCP 53 (kube-system pods k8s-app=kube-dns)',
    safeFix: false,
    needs: 'policies',
  },
];

export function check(ctx: LintContext): void {
  const dns = ctx.profile.dns;
  // The DNS pods' labels: from the inventory when it has them, else the profile's.
  const inventoryDns = ctx.workloadsIn(dns.namespace).filter((w) => matches({ matchLabels: dns.podLabels }, w.labels));
  const dnsPodLabels = inventoryDns.length ? inventoryDns.map((w) => w.labels) : [dns.podLabels];
  const dnsNsLabels = ctx.namespaceLabels(dns.namespace);
  const dnsIps = dns.ips.map(parseIp).filter((ip) => ip !== undefined);

  const reachesDns = (r: RuleView, policyNs: string): boolean => {
    const peers = r.peers ?? [];
    if (peers.length === 0) return true;
    return peers.some((peer) => {
      const s = peerShape(peer);
      if (s.kind === 'ipBlock') {
        const c = typeof s.cidr === 'string' ? parseCidr(s.cidr) : undefined;
        if (!c) return false;
        const excepts = s.except.map((e) => (typeof e === 'string' ? parseCidr(e) : undefined));
        return dnsIps.some((ip) => cidrContainsIp(c, ip) && !excepts.some((e) => e && cidrContainsIp(e, ip)));
      }
      if (s.kind !== 'selector') return false;
      const nsOk = s.namespaceSelector ? matches(s.namespaceSelector, dnsNsLabels) : policyNs === dns.namespace;
      return nsOk && (!s.podSelector || dnsPodLabels.some((l) => matches(s.podSelector, l)));
    });
  };

  const egressPolicies = ctx.policies.filter((p) => p.types.includes('Egress'));
  // Policies with the same namespace and subject selector apply to the same pods: decide once per subject.
  const groups = new Map<string, PolicyView[]>();
  for (const p of egressPolicies) {
    const list = groups.get(p.subjectKey);
    if (list) list.push(p);
    else groups.set(p.subjectKey, [p]);
  }
  const byNamespace = new Map<string, PolicyView[][]>();
  for (const g of groups.values()) {
    const ns = g[0]!.namespace;
    const list = byNamespace.get(ns);
    if (list) list.push(g);
    else byNamespace.set(ns, [g]);
  }
  type Hit = { p: PolicyView; r: RuleView };
  const status = new Map<string, { udp: Hit[]; tcp: Hit[] }>();
  const indexes = new Map<string, ImplicationIndex<PolicyView[]>>();
  for (const [ns, list] of byNamespace) indexes.set(ns, new ImplicationIndex(list, (g) => g[0]!.subject));
  // With an inventory: the groups selecting each workload, so coverage by "selects every pod this one
  // selects" is checked only against groups that select at least its first pod.
  const groupsOf = new Map<WorkloadInfo, PolicyView[][]>();
  if (ctx.hasWorkloads)
    for (const group of groups.values())
      for (const w of subjectWorkloads(ctx, group[0]!)) {
        const list = groupsOf.get(w);
        if (list) list.push(group);
        else groupsOf.set(w, [group]);
      }
  for (const [key, group] of groups) {
    const first = group[0]!;
    // Groups whose egress rules also apply to every pod of this one: by selector implication, or (with an
    // inventory) because they select every workload this one selects.
    const nsGroups = byNamespace.get(first.namespace) ?? [];
    const covering = new Set<PolicyView[]>([group]);
    for (const i of indexes.get(first.namespace)?.impliedBy(first.subject) ?? []) covering.add(nsGroups[i]!);
    const selected = ctx.hasWorkloads ? subjectWorkloads(ctx, first) : [];
    if (selected.length > 0)
      for (const g of groupsOf.get(selected[0]!) ?? [])
        if (!covering.has(g) && selected.every((w) => groupsOf.get(w)?.includes(g))) covering.add(g);
    const udp: Hit[] = [];
    const tcp: Hit[] = [];
    for (const g of covering)
      for (const q of g)
        for (const r of q.egress) {
          if (!reachesDns(r, q.namespace)) continue;
          if (portsAdmit(r.ports, 'UDP', dns.port, dns.portNames.UDP)) udp.push({ p: q, r });
          if (portsAdmit(r.ports, 'TCP', dns.port, dns.portNames.TCP)) tcp.push({ p: q, r });
        }
    status.set(key, { udp, tcp });
  }

  for (const p of egressPolicies) {
    const s = status.get(p.subjectKey)!;
    const udp = s.udp.find((h) => h.p === p) ?? s.udp[0];
    const tcp = s.tcp.find((h) => h.p === p) ?? s.tcp[0];
    if (udp && tcp) continue;
    const addDns: FixDefinition = {
      title: `add an egress rule allowing DNS (UDP and TCP ${dns.port}) to ${dns.namespace} pods ${Object.entries(
        dns.podLabels,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
      safe: false,
      apply: (policy) => {
        pinPolicyTypes(policy);
        const spec = specOf(policy);
        const list = Array.isArray(spec.egress) ? spec.egress : [];
        list.push(dnsRule(dns.namespace, dns.podLabels, dns.port));
        spec.egress = list;
      },
    };
    const typesPath = p.explicitTypes ? ['spec', 'policyTypes'] : ['spec', 'egress'];
    if (!udp && !tcp) {
      ctx.report(p, {
        rule: 'P-04',
        message: `the selected pods are isolated for egress, and no egress rule (in this or another policy for the same pods) allows DNS to ${dns.namespace} on port ${dns.port}: name resolution will fail`,
        path: typesPath,
        fixes: [addDns],
      });
      continue;
    }
    const have = (udp ?? tcp)!;
    const missing = udp ? 'TCP' : 'UDP';
    const inThis = have.p === p;
    ctx.report(p, {
      rule: 'P-04',
      message:
        missing === 'TCP'
          ? `DNS is allowed over UDP only: answers too large for UDP are retried over TCP ${dns.port}, which is blocked`
          : `DNS is allowed over TCP only: ordinary lookups use UDP ${dns.port}, which is blocked`,
      path: inThis ? [...have.r.path, 'ports'] : typesPath,
      fixes: inThis
        ? [
            {
              title: `allow ${missing} ${dns.port} in the same rule`,
              safe: false,
              apply: (policy) => {
                const spec = specOf(policy);
                const list = spec.egress;
                const rule = Array.isArray(list) ? list[have.r.index] : undefined;
                if (rule && typeof rule === 'object' && Array.isArray((rule as { ports?: unknown }).ports))
                  (rule as { ports: unknown[] }).ports.push({ protocol: missing, port: dns.port });
              },
            },
          ]
        : [addDns],
    });
  }
}
