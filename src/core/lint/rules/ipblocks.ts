/**
 * ipBlock pitfalls: P-08 (blocks covering the pod or Service network: "these should be cluster-external IPs,
 * since Pod IPs are ephemeral and unpredictable"; whether ipBlocks match pod IPs is CNI-specific, and Service
 * IPs are translated before policy applies), instance-metadata reachable by egress, and except lists that
 * are redundant or swallow the whole block (P-13).
 */
import {
  cidrContainsCidr,
  cidrContainsIp,
  cidrRangeView,
  intersectRanges,
  parseCidr,
  parseIp,
  subtractRanges,
  type IpRange,
  type ParsedCidr,
} from '../../model/cidr.ts';
import type { FieldPath } from '../../model/types.ts';
import {
  getAt,
  isRecord,
  peerShape,
  PEERS_KEY,
  portsAdmit,
  type LintContext,
  type PolicyView,
  type RuleView,
} from '../context.ts';
import { removeAt } from '../fixes.ts';
import type { LintRuleInfo } from '../types.ts';
import { peersPath } from './rule-shape.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-08',
    title: 'ipBlock covering pod or Service CIDRs',
    severity: 'warning',
    fix: 'select pods with podSelector/namespaceSelector; keep ipBlocks for addresses outside the cluster',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-24',
    title: 'single-family "anywhere" on a dual-stack cluster',
    severity: 'warning',
    fix: 'add an ipBlock ::/0 next to 0.0.0.0/0 (and the reverse)',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'cloud-metadata',
    title: 'cloud instance metadata (169.254.169.254) reachable by egress',
    severity: 'warning',
    fix: 'add 169.254.169.254/32 to the ipBlock except list (or list the real destinations instead of everything)',
    safeFix: false,
    needs: 'policies',
  },
];

export interface Block {
  cidr: ParsedCidr;
  family: 4 | 6;
  /** What the peer matches: cidr minus excepts. */
  remaining: IpRange[];
  excepts: (ParsedCidr | undefined)[];
}

export function block(cidrText: unknown, exceptTexts: unknown[]): Block | undefined {
  const cidr = typeof cidrText === 'string' ? parseCidr(cidrText) : undefined;
  if (!cidr) return undefined;
  const view = cidrRangeView(cidr);
  const excepts = exceptTexts.map((e) => (typeof e === 'string' ? parseCidr(e) : undefined));
  const remove: IpRange[] = [];
  for (const e of excepts) {
    if (!e) continue;
    const v = cidrRangeView(e);
    if (v.family === view.family) remove.push([v.first, v.last]);
  }
  return { cidr, family: view.family, remaining: subtractRanges([[view.first, view.last]], remove), excepts };
}

function rangesOf(texts: readonly string[], family: 4 | 6): { text: string; range: IpRange }[] {
  const out: { text: string; range: IpRange }[] = [];
  for (const t of texts) {
    const c = parseCidr(t);
    if (!c) continue;
    const v = cidrRangeView(c);
    if (v.family === family) out.push({ text: c.canonical, range: [v.first, v.last] });
  }
  return out;
}

export function check(ctx: LintContext): void {
  for (const p of ctx.policies)
    for (const r of [...p.ingress, ...p.egress]) {
      const key = PEERS_KEY[r.direction];
      (r.peers ?? []).forEach((peer, i) => {
        const s = peerShape(peer);
        if (s.kind !== 'ipBlock') return;
        const b = block(s.cidr, s.except);
        if (!b) return;
        const path: FieldPath = [...r.path, key, i, 'ipBlock'];
        checkExcepts(ctx, p, b, path);
        if (!r.effective) return;
        checkClusterRanges(ctx, p, b, path);
      });
      if (r.effective && r.direction === 'egress') checkMetadata(ctx, p, r);
      if (r.effective && ctx.profile.dualStack) checkDualStack(ctx, p, r);
    }
}

function checkExcepts(ctx: LintContext, p: PolicyView, b: Block, path: FieldPath): void {
  if (b.excepts.length === 0) return;
  if (b.remaining.length === 0) {
    ctx.report(p, {
      rule: 'P-13',
      message: `the except list covers all of ${b.cidr.canonical}: this peer matches no address`,
      path: [...path, 'except'],
    });
    return;
  }
  b.excepts.forEach((e, j) => {
    if (!e) return;
    // An except inside another except (or equal to an earlier one) removes nothing more.
    const k = b.excepts.findIndex(
      (o, m) => m !== j && o && cidrContainsCidr(o, e) && (!cidrContainsCidr(e, o) || m < j),
    );
    if (k < 0) return;
    ctx.report(p, {
      rule: 'P-13',
      message: `except ${e.canonical} is already covered by except[${k}] ${b.excepts[k]!.canonical}`,
      path: [...path, 'except', j],
      fixes: [
        {
          title: `delete except ${e.canonical}`,
          safe: true,
          apply: (policy) => removeAt(policy, [...path, 'except', j]),
        },
      ],
    });
  });
}

function checkClusterRanges(ctx: LintContext, p: PolicyView, b: Block, path: FieldPath): void {
  const groups = [
    { what: 'pod CIDR', list: rangesOf(ctx.profile.podCIDRs, b.family) },
    { what: 'Service CIDR', list: rangesOf(ctx.profile.serviceCIDRs, b.family) },
    { what: 'node CIDR', list: rangesOf(ctx.profile.nodeCIDRs, b.family) },
  ];
  const overlaps: string[] = [];
  for (const g of groups)
    for (const c of g.list) if (intersectRanges(b.remaining, [c.range]).length) overlaps.push(`${g.what} ${c.text}`);
  const podRanges = groups[0]!.list;
  const podExcluded =
    podRanges.length > 0 &&
    podRanges.every((c) => intersectRanges(b.remaining, [c.range]).length === 0) &&
    b.excepts.some(
      (e) =>
        e &&
        podRanges.some((c) => intersectRanges([[cidrRangeView(e).first, cidrRangeView(e).last]], [c.range]).length),
    );
  // `0.0.0.0/0` is the usual "anywhere": it covers the cluster by design, so only the except idiom is noted.
  if (b.cidr.prefix > 0 && overlaps.length) {
    ctx.report(p, {
      rule: 'P-08',
      message: `ipBlock ${b.cidr.canonical} covers the ${overlaps.join(' and the ')}: ipBlocks are meant for addresses outside the cluster; whether they match pod IPs depends on the CNI, and Service IPs are translated before policies apply`,
      path: [...path, 'cidr'],
    });
  } else if (podExcluded) {
    ctx.report(p, {
      rule: 'P-08',
      severity: 'info',
      message: `ipBlock ${b.cidr.canonical} except the pod CIDR reads as "outside the cluster", which holds only on CNIs that match pod IPs with ipBlocks (not Cilium, for one); pods are selected with podSelector/namespaceSelector`,
      path: [...path, 'except'],
    });
  }
}

function checkMetadata(ctx: LintContext, p: PolicyView, r: RuleView): void {
  // Instance metadata is plain HTTP on port 80 (AWS IMDS, GCE, Azure IMDS, OpenStack).
  if (!portsAdmit(r.ports, 'TCP', 80)) return;
  const ips = ctx.profile.metadataIPs.map(parseIp).filter((ip) => ip !== undefined);
  if (ips.length === 0) return;
  const first = ctx.profile.metadataIPs[0]!;
  const peers = r.peers ?? [];
  if (peers.length === 0) {
    ctx.report(p, {
      rule: 'cloud-metadata',
      message: `this egress rule allows every destination on TCP 80, including the cloud instance-metadata service ${first}, which hands out node credentials on most clouds`,
      path: peersPath(r),
      fixes: [
        {
          title: `allow everything except the metadata address (${ctx.profile.metadataIPs.join(', ')})`,
          safe: false,
          apply: (policy) => {
            const rule = getAt(policy, r.path);
            if (!isRecord(rule)) return;
            const v4 = ctx.profile.metadataIPs.filter((t) => parseIp(t)?.family === 4).map((t) => `${t}/32`);
            const v6 = ctx.profile.metadataIPs.filter((t) => parseIp(t)?.family === 6).map((t) => `${t}/128`);
            rule[PEERS_KEY[r.direction]] = [
              { ipBlock: { cidr: '0.0.0.0/0', ...(v4.length ? { except: v4 } : {}) } },
              { ipBlock: { cidr: '::/0', ...(v6.length ? { except: v6 } : {}) } },
              { namespaceSelector: {} },
            ];
          },
        },
      ],
    });
    return;
  }
  peers.forEach((peer, i) => {
    const s = peerShape(peer);
    if (s.kind !== 'ipBlock') return;
    const b = block(s.cidr, s.except);
    if (!b) return;
    const exposed = ips.filter(
      (ip) => cidrContainsIp(b.cidr, ip) && !b.excepts.some((e) => e && cidrContainsIp(e, ip)),
    );
    if (exposed.length === 0) return;
    const path: FieldPath = [...r.path, PEERS_KEY[r.direction], i, 'ipBlock'];
    const bits = b.cidr.family === 4 ? 32 : 128;
    const texts = ctx.profile.metadataIPs.filter((t) => {
      const ip = parseIp(t);
      return ip && ip.family === b.cidr.family && cidrContainsIp(b.cidr, ip);
    });
    ctx.report(p, {
      rule: 'cloud-metadata',
      message: `ipBlock ${b.cidr.canonical} includes the cloud instance-metadata address ${texts.join(', ') || first}, reachable on TCP 80 by this rule`,
      path: [...path, 'cidr'],
      ...(b.cidr.prefix < bits && texts.length
        ? {
            fixes: [
              {
                title: `add ${texts.map((t) => `${t}/${bits}`).join(', ')} to except`,
                safe: false,
                apply: (policy) => {
                  const ipBlock = getAt(policy, path);
                  if (!isRecord(ipBlock)) return;
                  const except = Array.isArray(ipBlock.except) ? ipBlock.except : [];
                  except.push(...texts.map((t) => `${t}/${bits}`));
                  ipBlock.except = except;
                },
              },
            ],
          }
        : {}),
    });
  });
}

function checkDualStack(ctx: LintContext, p: PolicyView, r: RuleView): void {
  const key = PEERS_KEY[r.direction];
  const anywhere = (r.peers ?? []).map((peer, i) => {
    const s = peerShape(peer);
    const c = s.kind === 'ipBlock' && typeof s.cidr === 'string' ? parseCidr(s.cidr) : undefined;
    return c && c.prefix === 0 ? { family: cidrRangeView(c).family, i } : undefined;
  });
  for (const family of [4, 6] as const) {
    const one = anywhere.find((a) => a?.family === family);
    if (!one || anywhere.some((a) => a && a.family !== family)) continue;
    const missing = family === 4 ? '::/0' : '0.0.0.0/0';
    ctx.report(p, {
      rule: 'P-24',
      message: `${family === 4 ? '0.0.0.0/0' : '::/0'} covers IPv${family} only: on a dual-stack cluster IPv${family === 4 ? 6 : 4} addresses are not matched (add ${missing})`,
      path: [...r.path, key, one.i, 'ipBlock', 'cidr'],
      fixes: [
        {
          title: `add an ipBlock ${missing} peer`,
          safe: false,
          apply: (policy) => {
            const list = getAt(policy, [...r.path, key]);
            if (Array.isArray(list)) list.push({ ipBlock: { cidr: missing } });
          },
        },
      ],
    });
  }
}
