/** Builders of Hubble flow lines (docs/flows.md §1) for tests: the shape `hubble observe -o jsonpb` prints. */
export interface PodSpec {
  namespace: string;
  labels: Record<string, string>;
  pod?: string;
  nsLabels?: Record<string, string>;
}

export type Side = PodSpec | { ip: string; reserved?: string } | { reserved: string };

export function endpointJson(s: Side): Record<string, unknown> {
  if ('namespace' in s) {
    const labels = [
      ...Object.entries(s.labels).map(([k, v]) => `k8s:${k}=${v}`),
      ...Object.entries(s.nsLabels ?? {}).map(([k, v]) => `k8s:io.cilium.k8s.namespace.labels.${k}=${v}`),
      `k8s:io.kubernetes.pod.namespace=${s.namespace}`,
      'k8s:io.cilium.k8s.policy.cluster=kind-kind',
    ];
    return { identity: 1000, namespace: s.namespace, labels, ...(s.pod ? { pod_name: s.pod } : {}) };
  }
  return { identity: 2, labels: [s.reserved ?? 'reserved:world'] };
}

export interface FlowSpec {
  src: Side;
  dst: Side;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  sport?: number;
  verdict?: string;
  isReply?: boolean;
  srcIp?: string;
  dstIp?: string;
  direction?: string;
}

export function flowLine(f: FlowSpec): string {
  const ip = (s: Side, fallback: string) => ('ip' in s ? s.ip : fallback);
  const flow: Record<string, unknown> = {
    time: '2026-03-02T09:14:07.887216219Z',
    verdict: f.verdict ?? 'FORWARDED',
    IP: { source: f.srcIp ?? ip(f.src, '10.0.0.1'), destination: f.dstIp ?? ip(f.dst, '10.0.0.2'), ipVersion: 'IPv4' },
    l4: { [f.protocol ?? 'TCP']: { source_port: f.sport ?? 40000, destination_port: f.port } },
    source: endpointJson(f.src),
    destination: endpointJson(f.dst),
    Type: 'L3_L4',
    traffic_direction: f.direction ?? 'EGRESS',
    ...(f.isReply !== undefined ? { is_reply: f.isReply } : {}),
  };
  return JSON.stringify({ flow, node_name: 'kind-worker', time: flow.time });
}
