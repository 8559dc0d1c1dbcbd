/**
 * P-04: pods isolated for egress need an egress rule allowing DNS, over UDP and TCP (answers that do not fit
 * in UDP are retried over TCP). "A default deny-all egress policy also blocks DNS traffic" (k8s docs).
 * The DNS target comes from the cluster profile: kube-system pods labelled k8s-app=kube-dns, port 53,
 * plus NodeLocal DNSCache's link-local address for ipBlock rules.
 */
import { cidrContainsIp, parseCidr, parseIp } from '../../cidr.ts';
import {
  matches,
  peerShape,
  portsAdmit,
  subjectCovers,
  subjectWorkloads,
  type LintContext,
  type PolicyView,
  type RuleView,
} from '../context.ts';
import { dnsRule, pinPolicyTypes, specOf } from '../fixes.ts';
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
      const nsOk = s.hasNs ? matches(s.namespaceSelector, dnsNsLabels) : policyNs === dns.namespace;
      return nsOk && (!s.hasPod || dnsPodLabels.some((l) => matches(s.podSelector, l)));
    });
  };

  const egressPolicies = ctx.policies.filter((p) => p.types.includes('Egress'));
  const byNamespace = new Map<string, PolicyView[]>();
  for (const p of egressPolicies) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }

  for (const p of egressPolicies) {
    const peers = byNamespace.get(p.namespace) ?? [];
    // Policies whose egress rules also apply to every pod p selects: by selector implication, or (with an
    // inventory) because they select every workload p selects.
    const selected = ctx.hasWorkloads ? subjectWorkloads(ctx, p) : [];
    const covering = peers.filter(
      (q) =>
        q === p ||
        subjectCovers(q, p) ||
        (selected.length > 0 && selected.every((w) => matches(q.subject ?? {}, w.labels))),
    );
    let udp: { p: PolicyView; r: RuleView } | undefined;
    let tcp: { p: PolicyView; r: RuleView } | undefined;
    for (const q of covering)
      for (const r of q.egress) {
        if (!reachesDns(r, q.namespace)) continue;
        if (!udp && portsAdmit(r.ports, 'UDP', dns.port, dns.portNames.UDP)) udp = { p: q, r };
        if (!tcp && portsAdmit(r.ports, 'TCP', dns.port, dns.portNames.TCP)) tcp = { p: q, r };
      }
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
