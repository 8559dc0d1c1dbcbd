import { cloneValue } from '../../model/clone.ts';
import { ruleList } from '../../model/normalize.ts';
import type { NetworkPolicyPeer } from '../../model/types.ts';
import { nodeId } from '../../graph/refs.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import type { Obj } from '../policies.ts';
import { addFlow, flowSites, removeSites, ruleKey, type FlowSite } from '../rules.ts';
import type { Workspace } from '../workspace.ts';

/** Sets the ports of the flow source → target: afterwards its rules allow exactly `ports` for it. */
export function setFlowPorts(ws: Workspace, command: CommandOf<'setFlowPorts'>): Refusal {
  const { source, target, ports } = command;
  const sites = flowSites(ws, source, target);
  if (sites.length === 0) return `no rule allows ${nodeId(source)} → ${nodeId(target)}`;
  const moved: FlowSite[] = [];
  for (const s of sites) {
    const rules = ruleList<Obj>(
      s.direction === 'ingress' ? s.handle.policy.spec?.ingress : s.handle.policy.spec?.egress,
    );
    const rule = rules[s.rule]!;
    const peers = ruleList<NetworkPolicyPeer>(rule[ruleKey(s.direction)]);
    if (s.peer === undefined || peers.length === 1) {
      const policy = ws.edit(s.handle);
      const r = ruleList<Obj>(s.direction === 'ingress' ? policy.spec!.ingress : policy.spec!.egress)[s.rule]!;
      if (ports?.length) r.ports = cloneValue(ports);
      else delete r.ports;
    } else moved.push(s);
  }
  // A rule shared with other peers keeps its ports for them; this flow moves to a rule of its own.
  removeSites(ws, moved);
  for (const s of moved) addFlow(ws, s.handle, s.direction, s.direction === 'ingress' ? source : target, ports);
}
