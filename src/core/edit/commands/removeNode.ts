import { policyNamespace } from '../../model/normalize.ts';
import { DIRECTIONS } from '../../model/peer.ts';
import { normalizeRef } from '../../graph/refs.ts';
import type { CommandOf, Refusal } from '../commands.ts';
import { namespaceObject, sameRef, subjectRef } from '../policies.ts';
import { peerSites, removeSites } from '../rules.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Removes a node: a namespace takes its policies and its Namespace object (its own document) with it; any other
 * node takes the policies whose subject it is and every rule peer that is it.
 */
export function removeNode(ws: Workspace, command: CommandOf<'removeNode'>): Refusal {
  const ref = normalizeRef(command.node);
  if (ref.kind === 'namespace') {
    for (const h of [...ws.handles]) if (policyNamespace(h.policy) === ref.namespace) ws.removePolicy(h);
    const doc = namespaceObject(ws, ref.namespace);
    // Removing the Namespace object itself: its document goes.
    if (doc?.source && doc.source.item === undefined) ws.removeDocument(doc.source.doc);
    return;
  }
  for (const h of [...ws.handles]) if (sameRef(subjectRef(h.policy), ref)) ws.removePolicy(h);
  removeSites(
    ws,
    peerSites(
      ws,
      () => ref,
      () => DIRECTIONS,
    ),
  );
}
