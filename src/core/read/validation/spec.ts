/**
 * `ValidateNetworkPolicySpec`: spec.podSelector, then each ingress rule's ports then peers, each egress rule
 * likewise, then policyTypes (S2–S3, and the P-12 warning for a duplicate).
 */
import type { NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from '../../model/types.ts';
import type { Findings } from './context.ts';
import { validateLabelSelector } from './labels.ts';
import { quote, isTemplated } from './names.ts';
import { validatePeer } from './peer.ts';
import { validatePort } from './port.ts';

export function validateSpec(v: Findings, spec: NetworkPolicySpec): void {
  v.push('spec');
  if (spec.podSelector) validateLabelSelector(v, 'podSelector', spec.podSelector);
  if (spec.ingress) validateRules(v, 'ingress', spec.ingress, 'from');
  if (spec.egress) validateRules(v, 'egress', spec.egress, 'to');
  if (spec.policyTypes) validatePolicyTypes(v, spec.policyTypes);
  v.pop();
}

type Rule = { from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] };

function validateRules(v: Findings, direction: 'ingress' | 'egress', rules: readonly Rule[], peersKey: 'from' | 'to') {
  v.push(direction);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    v.push(i);
    const ports = rule.ports;
    if (ports) {
      v.push('ports');
      for (let j = 0; j < ports.length; j++) v.at(j, () => validatePort(v, ports[j]!));
      v.pop();
    }
    const peers = rule[peersKey];
    if (peers) {
      v.push(peersKey);
      for (let j = 0; j < peers.length; j++) v.at(j, () => validatePeer(v, peers[j]!));
      v.pop();
    }
    v.pop();
  }
  v.pop();
}

function validatePolicyTypes(v: Findings, types: readonly string[]): void {
  if (types.length > 2) {
    v.error('S2', 'may not specify more than two policyTypes', ['policyTypes']);
    return; // the server returns early: the values are not checked
  }
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    if (t === 'Ingress' || t === 'Egress' || isTemplated(t)) continue;
    const lower = t.toLowerCase();
    const fix = lower === 'ingress' ? 'did you mean Ingress?' : lower === 'egress' ? 'did you mean Egress?' : undefined;
    v.error('S3', `Unsupported value: ${quote(t)}: supported values: "Ingress", "Egress"`, ['policyTypes', i], fix);
  }
  if (types.length === 2 && types[0] === types[1] && (types[0] === 'Ingress' || types[0] === 'Egress')) {
    v.emit(
      'warning',
      'P-12',
      `duplicate policyType ${quote(types[0])}: accepted by the API server, but probably a mistake`,
      ['policyTypes', 1],
      `did you mean ${types[0] === 'Ingress' ? 'Egress' : 'Ingress'}?`,
    );
  }
}
