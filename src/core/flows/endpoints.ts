/**
 * A flow's endpoint as the analysis engine's Endpoint (docs/flows.md §4 "Evaluation"): the flow's namespace
 * and pod labels are authoritative (they are what Cilium matched); the namespace's labels come from a
 * Namespace object of the inputs, else from the flow; container ports (for named ports) from the Pod of the
 * inputs named `pod_name`, else the workload named in `workloads[0]`, else none.
 */
import type { Endpoint } from '../analysis/explain.ts';
import type { AnalysisInput } from '../analysis/model.ts';
import type { ContainerPort } from '../model/types.ts';
import { NAMESPACE_NAME_LABEL } from '../read/inventory.ts';
import type { FlowEndpoint } from './read.ts';
import { endpointText } from './read.ts';

/** Container ports of a flow's pod, when something other than the inputs knows them. */
export type ContainerPortsLookup = (namespace: string, podName: string | undefined) => ContainerPort[] | undefined;

export function flowEndpoint(e: FlowEndpoint, input?: AnalysisInput, lookup?: ContainerPortsLookup): Endpoint {
  if (e.kind === 'ip') return { kind: 'ip', ip: e.ip };
  const inventory = input?.inventory;
  const nsObject = inventory?.namespaces.find((n) => n.name === e.namespace);
  const namespaceLabels = nsObject
    ? { ...nsObject.labels, [NAMESPACE_NAME_LABEL]: e.namespace }
    : { ...e.namespaceLabels, [NAMESPACE_NAME_LABEL]: e.namespace };
  let ports = lookup?.(e.namespace, e.podName);
  if (!ports && inventory) {
    const inNs = inventory.workloads.filter((w) => (w.namespace || 'default') === e.namespace);
    const pod = e.podName ? inNs.find((w) => w.kind === 'Pod' && w.name === e.podName) : undefined;
    const workload = e.workload
      ? inNs.find((w) => w.name === e.workload!.name && (!e.workload!.kind || w.kind === e.workload!.kind))
      : undefined;
    ports = (pod ?? workload)?.ports;
  }
  return {
    kind: 'pod',
    namespace: e.namespace,
    labels: e.labels,
    namespaceLabels,
    ports: ports ?? [],
    // A name identifies the pod (same name = same pod, for loopback); a pod without one stays anonymous.
    ...(e.podName ? { name: endpointText(e) } : {}),
  };
}
