import { cloneValue } from '../../model/clone.ts';
import { policyNamespace, ruleList } from '../../model/normalize.ts';
import { DIRECTIONS } from '../../model/peer.ts';
import type { NetworkPolicyPeer } from '../../model/types.ts';
import { normalizeRef, refToPeer } from '../../graph/refs.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import { subjectPolicies, type Obj } from '../policies.ts';
import { peerSites, ruleKey } from '../rules.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Rewrites a node everywhere it is used: a namespace renames its policies' namespace; a pod group moves the
 * policies that select it; every rule peer that is `from` becomes `to`.
 */
export function replaceNode(ws: Workspace, command: CommandOf<'replaceNode'>): Refusal {
  const from = normalizeRef(command.from);
  const to = normalizeRef(command.to);
  if (from.kind === 'namespace' && to.kind === 'namespace') {
    for (const h of [...ws.handles]) {
      if (policyNamespace(h.policy) === from.namespace) ws.edit(h).metadata!.namespace = to.namespace;
    }
    return;
  }
  if (from.kind === 'pods' && to.kind === 'pods') {
    for (const h of subjectPolicies(ws, from)) {
      const p = ws.edit(h);
      p.metadata!.namespace = to.namespace;
      p.spec!.podSelector = cloneValue(to.podSelector);
    }
  }
  for (const s of peerSites(
    ws,
    () => from,
    () => DIRECTIONS,
  )) {
    if (s.peer === undefined) continue; // `anywhere` is no selector peer to rewrite
    const ns = policyNamespace(s.handle.policy);
    const policy = ws.edit(s.handle);
    const rs = ruleList<Obj>(s.direction === 'ingress' ? policy.spec!.ingress : policy.spec!.egress);
    const next = refToPeer(to, ns);
    if (next) (rs[s.rule]![ruleKey(s.direction)] as NetworkPolicyPeer[])[s.peer] = next;
  }
}
