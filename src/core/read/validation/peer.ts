/** `ValidateNetworkPolicyPeer` (R1–R2): exactly one kind of peer, then each selector and the ipBlock. */
import type { NetworkPolicyPeer } from '../../model/types.ts';
import type { Findings } from './context.ts';
import { validateIPBlock } from './ipBlock.ts';
import { validateLabelSelector } from './labels.ts';

export function validatePeer(v: Findings, peer: NetworkPolicyPeer): void {
  let count = 0;
  if (peer.podSelector) {
    count++;
    validateLabelSelector(v, 'podSelector', peer.podSelector);
  }
  if (peer.namespaceSelector) {
    count++;
    validateLabelSelector(v, 'namespaceSelector', peer.namespaceSelector);
  }
  if (peer.ipBlock) {
    count++;
    v.at('ipBlock', () => validateIPBlock(v, peer.ipBlock!));
  }
  if (count === 0) {
    v.error(
      'R1',
      'must specify a peer',
      undefined,
      'to match everything, leave out the peer list instead (a rule without from/to matches all peers)',
    );
  } else if (count > 1 && peer.ipBlock) {
    v.error(
      'R2',
      'may not specify both ipBlock and another peer',
      undefined,
      'split it into two peers: one with the ipBlock, one with the selectors',
    );
  }
}
