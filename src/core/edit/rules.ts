/** Writing and finding flows in policy rules (shared by ./commands/): the editor's one "every peer of every rule" walk. */
import { cloneValue, isRecord } from '../model/clone.ts';
import { effectivePolicyTypes, policyNamespace, ruleList } from '../model/normalize.ts';
import { DIRECTIONS, forEachRulePeer, PEERS_KEY, POLICY_TYPE_OF } from '../model/peer.ts';
import type { Direction, NetworkPolicyPeer, NetworkPolicyPort } from '../model/types.ts';
import { normalizeRef, peerToRef, refToPeer } from '../graph/refs.ts';
import type { NodeRef } from '../graph/types.ts';
import { sameRef, subjectRef, type Obj } from './policies.ts';
import type { PolicyHandle, Workspace } from './workspace.ts';

export const ruleKey = (d: Direction) => PEERS_KEY[d];

/** Port lists compared by meaning: protocol defaulted to TCP, order and field order ignored. */
function portsKey(ports: NetworkPolicyPort[] | undefined): string {
  if (!ports?.length) return 'all';
  return ports
    .map((p) =>
      typeof p === 'object' && p !== null ? `${p.protocol ?? 'TCP'}/${p.port ?? '*'}-${p.endPort ?? ''}` : '?',
    )
    .sort()
    .join(',');
}
const samePorts = (a: NetworkPolicyPort[] | undefined, b: NetworkPolicyPort[] | undefined) =>
  portsKey(a) === portsKey(b);

/** Adds `peer` (undefined = anywhere) on `ports` to a policy's rules of `direction`, reusing a rule with the same ports. */
export function addFlow(
  ws: Workspace,
  h: PolicyHandle,
  direction: 'ingress' | 'egress',
  peerRef: NodeRef,
  ports: NetworkPolicyPort[] | undefined,
) {
  const policy = ws.edit(h);
  const spec = policy.spec!;
  const rules = (direction === 'ingress' ? (spec.ingress ??= []) : (spec.egress ??= [])) as Obj[];
  const key = ruleKey(direction);
  const peer = refToPeer(peerRef, policyNamespace(policy));
  // Reuse a rule with the same ports and a peer list (a rule without peers already allows everyone; the
  // drawn flow still gets its own rule so the edge the user drew is there, and the linter notes the overlap).
  const existing = peer
    ? rules.find(
        (r) =>
          isRecord(r) &&
          samePorts(r.ports as NetworkPolicyPort[] | undefined, ports) &&
          ruleList<NetworkPolicyPeer>(r[key]).length > 0,
      )
    : undefined;
  if (existing) {
    const peers = ruleList<NetworkPolicyPeer>(existing[key]);
    if (peers.some((p) => sameRef(peerToRef(p, policyNamespace(policy)), peerRef))) return;
    existing[key] = [...peers, peer];
    return;
  }
  if (
    !peer &&
    rules.some(
      (r) =>
        isRecord(r) && samePorts(r.ports as NetworkPolicyPort[] | undefined, ports) && ruleList(r[key]).length === 0,
    )
  )
    return; // this flow to anywhere is already written
  rules.push({ ...(peer ? { [key]: [peer] } : {}), ...(ports?.length ? { ports: cloneValue(ports) } : {}) });
}

export interface FlowSite {
  handle: PolicyHandle;
  direction: 'ingress' | 'egress';
  rule: number;
  /** undefined: the rule has no peers (anywhere). */
  peer?: number;
}

/**
 * The peers of every rule of every policy that stand for `ref` (a rule without peers stands for `anywhere`),
 * limited to the directions `directions(handle)` gives. The one "every peer of every rule" walk of the editor.
 */
export function peerSites(
  ws: Workspace,
  ref: (direction: Direction) => NodeRef | undefined,
  directions: (h: PolicyHandle) => readonly Direction[],
): FlowSite[] {
  const sites: FlowSite[] = [];
  for (const h of ws.handles) {
    const ns = policyNamespace(h.policy);
    forEachRulePeer(
      h.policy.spec,
      (site) => {
        const wanted = ref(site.direction);
        if (!wanted) return;
        if (site.peer === undefined) {
          if (normalizeRef(wanted).kind === 'anywhere')
            sites.push({ handle: h, direction: site.direction, rule: site.rule });
        } else if (sameRef(peerToRef(site.value, ns), wanted))
          sites.push({ handle: h, direction: site.direction, rule: site.rule, peer: site.peer });
      },
      directions(h),
    );
  }
  return sites;
}

/** Every rule peer that writes the flow source → target (rules of the effective policyTypes only). */
export function flowSites(ws: Workspace, source: NodeRef, target: NodeRef): FlowSite[] {
  return peerSites(
    ws,
    (direction) => (direction === 'ingress' ? source : target),
    (h) => {
      const subject = subjectRef(h.policy);
      const types = effectivePolicyTypes(h.policy);
      return DIRECTIONS.filter(
        (d) => types.includes(POLICY_TYPE_OF[d]) && sameRef(subject, d === 'ingress' ? target : source),
      );
    },
  );
}

/** Removes sites (highest indexes first so earlier indexes stay valid); a rule left without peers goes too. */
export function removeSites(ws: Workspace, sites: FlowSite[]) {
  const ordered = [...sites].sort((a, b) => b.rule - a.rule || (b.peer ?? -1) - (a.peer ?? -1));
  for (const s of ordered) {
    const policy = ws.edit(s.handle);
    const rules = (s.direction === 'ingress' ? policy.spec!.ingress : policy.spec!.egress) as Obj[];
    const rule = rules[s.rule];
    if (!rule) continue;
    const key = ruleKey(s.direction);
    if (s.peer === undefined) {
      rules.splice(s.rule, 1);
      continue;
    }
    const peers = ruleList<NetworkPolicyPeer>(rule[key]);
    peers.splice(s.peer, 1);
    // Never leave an empty peer list: it would mean "everyone".
    if (peers.length === 0) rules.splice(s.rule, 1);
    else rule[key] = peers;
  }
  for (const s of sites) {
    const spec = s.handle.policy.spec!;
    if (Array.isArray(spec.ingress) && spec.ingress.length === 0) delete spec.ingress;
    if (Array.isArray(spec.egress) && spec.egress.length === 0) delete spec.egress;
  }
}
