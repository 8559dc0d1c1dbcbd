/**
 * Redundancy (P-13, and P-03's "everything else is redundant"): policies are a pure union, so a rule whose
 * peers and ports are covered by another rule for the same (or more) pods and direction never changes
 * connectivity; nor does a peer or port covered by another one in the same list. Coverage is decided
 * soundly but syntactically (selector implication, CIDR containment, port intervals): when it says
 * "covered", it is. Also P-28's second half: a "deny" policy next to an allow-all for the same pods.
 */
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.ts';
import { subtractRanges } from '../../model/cidr.ts';
import {
  peerShape,
  PEERS_KEY,
  portCovers,
  portShape,
  selectorImplies,
  subjectCovers,
  ImplicationIndex,
  type Direction,
  type LintContext,
  type PeerShape,
  type PolicyView,
  type PortShape,
  type RuleView,
} from '../context.ts';
import { removeAt, removeRule } from '../fixes.ts';
import type { LintRuleInfo } from '../types.ts';
import { block, type Block } from './ipblocks.ts';
import { isAllowAll } from './rule-shape.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-13',
    title: 'duplicate, shadowed or redundant rules, peers, ports and excepts',
    severity: 'warning',
    fix: 'delete the redundant part: policies are a union, so it allows nothing the rest does not',
    safeFix: true,
    needs: 'policies',
  },
];

interface Peer {
  shape: PeerShape;
  block?: Block;
  json: string;
}

interface NormRule {
  p: PolicyView;
  r: RuleView;
  /** undefined = every peer / every port. */
  peers?: Peer[];
  ports?: PortShape[];
}

const peerCache = new WeakMap<object, Peer>();

/** A peer's shape, parsed block and JSON text, memoised per peer object (checked in lists and across rules). */
function normPeer(peer: unknown): Peer {
  if (!peer || typeof peer !== 'object') return computePeer(peer);
  let n = peerCache.get(peer);
  if (!n) peerCache.set(peer, (n = computePeer(peer)));
  return n;
}

function computePeer(peer: unknown): Peer {
  const shape = peerShape(peer);
  const b = shape.kind === 'ipBlock' ? block(shape.cidr, shape.except) : undefined;
  return { shape, ...(b ? { block: b } : {}), json: JSON.stringify(peer ?? null) };
}

function norm(p: PolicyView, r: RuleView): NormRule {
  const peers = r.peers ?? [];
  const ports = r.ports ?? [];
  return {
    p,
    r,
    ...(peers.length ? { peers: peers.map(normPeer) } : {}),
    ...(ports.length ? { ports: ports.map(portShape) } : {}),
  };
}

/** Every endpoint peer `a` matches (for a policy in namespace `ns`), `b` matches too. */
function peerCovers(b: Peer, a: Peer, ns: string): boolean {
  if (a.json === b.json) return a.shape.kind !== 'invalid';
  const x = a.shape;
  const y = b.shape;
  if (x.kind === 'ipBlock' && y.kind === 'ipBlock') {
    if (!a.block || !b.block || a.block.family !== b.block.family) return false;
    return subtractRanges(a.block.remaining, b.block.remaining).length === 0;
  }
  if (x.kind !== 'selector' || y.kind !== 'selector') return false;
  const own = { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } };
  // Without a namespaceSelector a peer means the policy's own namespace.
  const nsOk = y.namespaceSelector
    ? selectorImplies(x.namespaceSelector ?? own, y.namespaceSelector)
    : !x.namespaceSelector || selectorImplies(x.namespaceSelector, own);
  if (!nsOk) return false;
  return !y.podSelector || selectorImplies(x.podSelector, y.podSelector);
}

function ruleCovers(b: NormRule, a: NormRule): boolean {
  if (b.peers && (!a.peers || !a.peers.every((pa) => b.peers!.some((pb) => peerCovers(pb, pa, a.p.namespace)))))
    return false;
  if (b.ports && (!a.ports || !a.ports.every((pa) => b.ports!.some((pb) => portCovers(pb, pa))))) return false;
  return true;
}

const before = (a: NormRule, b: NormRule) => a.p.order < b.p.order || (a.p === b.p && a.r.index < b.r.index);

export function check(ctx: LintContext): void {
  for (const p of ctx.policies) for (const r of [...p.ingress, ...p.egress]) checkLists(ctx, p, r);
  for (const direction of ['ingress', 'egress'] as const) checkShadowing(ctx, direction);
  checkRedundantPolicies(ctx);
  checkOverriddenDeny(ctx);
}

/** Duplicate or covered peers and ports inside one rule. */
function checkLists(ctx: LintContext, p: PolicyView, r: RuleView): void {
  const key = PEERS_KEY[r.direction];
  const peers = (r.peers ?? []).map(normPeer);
  peers.forEach((a, i) => {
    const j = peers.findIndex(
      (b, k) => k !== i && peerCovers(b, a, p.namespace) && (!peerCovers(a, b, p.namespace) || k < i),
    );
    if (j < 0) return;
    const path = [...r.path, key, i];
    ctx.report(p, {
      rule: 'P-13',
      message:
        a.json === peers[j]!.json
          ? `duplicate peer: the same as ${key}[${j}]`
          : `peer ${i} is redundant: ${key}[${j}] already matches everything it matches`,
      path,
      fixes: [{ title: 'delete the redundant peer', safe: true, apply: (policy) => removeAt(policy, path) }],
    });
  });
  const ports = (r.ports ?? []).map(portShape);
  ports.forEach((a, i) => {
    const j = ports.findIndex((b, k) => k !== i && portCovers(b, a) && (!portCovers(a, b) || k < i));
    if (j < 0) return;
    const path = [...r.path, 'ports', i];
    ctx.report(p, {
      rule: 'P-13',
      message: portCovers(a, ports[j]!)
        ? `duplicate port: the same as ports[${j}]`
        : `port entry ${i} is redundant: ports[${j}] already includes it`,
      path,
      fixes: [{ title: 'delete the redundant port entry', safe: true, apply: (policy) => removeAt(policy, path) }],
    });
  });
}

/** Rules covered by another rule of a policy that applies to (at least) the same pods, same direction. */
function checkShadowing(ctx: LintContext, direction: Direction): void {
  const byNamespace = new Map<string, NormRule[]>();
  for (const p of ctx.policies) {
    if (p.templated) continue;
    for (const r of p[direction]) {
      if (!r.effective) continue;
      const list = byNamespace.get(p.namespace);
      const n = norm(p, r);
      if (list) list.push(n);
      else byNamespace.set(p.namespace, [n]);
    }
  }
  for (const list of byNamespace.values()) {
    // Rules grouped by subject (same namespace and selector = same pods); subject coverage per group pair.
    const bySubject = new Map<string, NormRule[]>();
    for (const n of list) {
      const g = bySubject.get(n.p.subjectKey);
      if (g) g.push(n);
      else bySubject.set(n.p.subjectKey, [n]);
    }
    const groups = [...bySubject.values()];
    // coveredBy[i]: the groups whose subject includes group i's pods (itself included).
    const index = new ImplicationIndex(groups, (g) => g[0]!.p.subject);
    const coveredBy = groups.map((g, i) => {
      const list = index.impliedBy(g[0]!.p.subject);
      return list.includes(i) ? list : [i, ...list];
    });
    const coveredSets = coveredBy.map((l) => new Set(l));
    const candidates = (ia: number, a: NormRule): NormRule | undefined => {
      for (const ib of coveredBy[ia]!) {
        const b = groups[ib]!.find(
          (b) =>
            b !== a &&
            ruleCovers(b, a) &&
            // Two rules covering each other (equal): only the later one is reported.
            !(coveredSets[ib]!.has(ia) && ruleCovers(a, b) && before(a, b)),
        );
        if (b) return b;
      }
      return undefined;
    };
    groups.forEach((group, ia) => {
      for (const a of group) {
        const b = candidates(ia, a);
        if (!b) continue;
        const same = b.p === a.p;
        const where = same
          ? `${direction}[${b.r.index}] of this policy`
          : `${direction}[${b.r.index}] of ${b.p.object}`;
        const allowAll = isAllowAll(b.r);
        const equal = ruleCovers(a, b);
        ctx.report(a.p, {
          rule: allowAll ? 'P-03' : 'P-13',
          severity: same || allowAll ? 'warning' : 'info',
          message: allowAll
            ? `this rule is redundant: ${where} allows all ${direction} to ${same ? 'these' : 'the same'} pods, so nothing here restricts anything`
            : equal
              ? `duplicate rule: ${where} allows exactly the same${same ? '' : ' for the same pods'}`
              : `this rule is shadowed: ${where} already allows everything it allows${same ? '' : ' to the same pods'}`,
          path: a.r.path,
          fixes: [
            {
              // Inside one policy the union is unchanged by construction; across policies it stays unchanged
              // only as long as the other policy exists, so that removal is left to review.
              title: same ? 'delete the redundant rule' : `delete this rule (covered by ${b.p.object})`,
              safe: same,
              apply: (policy) => removeRule(policy, direction, a.r.index),
            },
          ],
        });
      }
    });
  }
}

/**
 * A whole policy is redundant when other policies already isolate its pods in each of its directions and
 * allow everything its rules allow: deleting it changes nothing. (Of two identical policies, the later one.)
 */
function checkRedundantPolicies(ctx: LintContext): void {
  const byNamespace = new Map<string, PolicyView[]>();
  for (const p of ctx.policies) {
    if (p.templated) continue;
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  for (const list of byNamespace.values()) {
    if (list.length < 2) continue;
    const index = new ImplicationIndex(list, (p) => p.subject);
    const rules = new Map<PolicyView, Record<Direction, NormRule[]>>();
    const normOf = (p: PolicyView) => {
      let n = rules.get(p);
      if (!n) {
        n = {
          ingress: p.ingress.filter((r) => r.effective).map((r) => norm(p, r)),
          egress: p.egress.filter((r) => r.effective).map((r) => norm(p, r)),
        };
        rules.set(p, n);
      }
      return n;
    };
    for (const a of list) {
      // Candidates: earlier policies for (at least) the same pods, or later ones for strictly more pods.
      const others = index
        .impliedBy(a.subject)
        .map((i) => list[i]!)
        .filter((b) => b !== a && (b.order < a.order || !subjectCovers(a, b)));
      if (others.length === 0) continue;
      const own = normOf(a);
      const covered = (['ingress', 'egress'] as const).every((direction) => {
        const type = direction === 'ingress' ? 'Ingress' : 'Egress';
        if (a.types.includes(type) && !others.some((b) => b.types.includes(type))) return false;
        return own[direction].every((ra) => others.some((b) => normOf(b)[direction].some((rb) => ruleCovers(rb, ra))));
      });
      if (!covered) continue;
      const by = [...new Set(others.map((b) => b.object))].slice(0, 3).join(', ');
      ctx.report(a, {
        rule: 'P-13',
        severity: 'info',
        message: `this whole policy is redundant: ${by} already isolate${others.length === 1 ? 's' : ''} the same pods and allow everything it allows`,
        path: ['metadata', 'name'],
        fix: 'delete the policy (policies are a union: nothing changes)',
      });
    }
  }
}

function checkOverriddenDeny(ctx: LintContext): void {
  const allowAlls: { p: PolicyView; r: RuleView }[] = [];
  for (const p of ctx.policies)
    for (const r of [...p.ingress, ...p.egress]) if (r.effective && isAllowAll(r)) allowAlls.push({ p, r });
  if (allowAlls.length === 0) return;
  for (const p of ctx.policies) {
    if (!/deny/i.test(p.name)) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      const type = direction === 'ingress' ? 'Ingress' : 'Egress';
      if (!p.types.includes(type) || p[direction].length > 0) continue;
      const by = allowAlls.find((x) => x.p !== p && x.r.direction === direction && subjectCovers(x.p, p));
      if (!by) continue;
      ctx.report(p, {
        rule: 'P-28',
        severity: 'warning',
        message: `"${p.name}" denies ${direction} to its pods, but ${by.p.object} (${direction}[${by.r.index}]) allows all ${direction} to the same pods; policies are a union, so nothing is denied`,
        path: ['metadata', 'name'],
      });
    }
  }
}
