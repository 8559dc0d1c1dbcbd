/**
 * `netpol test --from-flows`: a test file that pins observed traffic: one `expect: allow` test per observed
 * connection of a capture (docs/flows.md §2.3), its ends as labelled pods (namespace and identity labels,
 * with the namespace's labels when the flows carry them) or external addresses. Run against a policy change,
 * it fails where the change would break traffic that was seen.
 */
import { dumpObject } from '../format/write.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import { observedConnections, peerText, type ObservedPeer } from '../flows/propose.ts';
import type { FlowCapture, FlowClass } from '../flows/read.ts';

export function testsFromFlows(capture: FlowCapture): string {
  const classes = new Map<string, FlowClass>(capture.classes.map((c) => [c.key, c]));
  const endpoint = (p: ObservedPeer): unknown => {
    if (p.kind === 'ip') return p.ip;
    const c = classes.get(p.key)!;
    const nsLabels = Object.fromEntries(Object.entries(c.namespaceLabels).filter(([k]) => k !== NAMESPACE_NAME_LABEL));
    return {
      namespace: c.namespace,
      podLabels: c.labels,
      ...(Object.keys(nsLabels).length ? { namespaceLabels: c.namespaceLabels } : {}),
    };
  };
  const tests = observedConnections(capture).map((c) => ({
    name: `${peerText(c.src)} -> ${peerText(c.dst)} ${c.port}/${c.protocol} (${c.flows} flow${c.flows === 1 ? '' : 's'} observed)`,
    from: endpoint(c.src),
    to: endpoint(c.dst),
    port: `${c.port}/${c.protocol}`,
    expect: 'allow',
  }));
  const header = `# Pinned from ${capture.flows} flow records${capture.timeRange ? ` (${capture.timeRange[0]} to ${capture.timeRange[1]})` : ''}: every observed connection must stay allowed.\n`;
  return header + dumpObject({ tests });
}
