/**
 * Building blocks shared by the generators. Namespaces are always selected by `kubernetes.io/metadata.name`,
 * the label the API server sets on every namespace and no user can forge (a `name: x` label is only there if
 * someone wrote it).
 */
import { NAMESPACE_NAME_LABEL, type PolicyType } from '../model/normalize.ts';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Protocol } from '../model/types.ts';

export { NAMESPACE_NAME_LABEL, type PolicyType };

/** All pods of one namespace, as a peer usable from any namespace. */
export function namespacePeer(namespace: string, podLabels?: Record<string, string>): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    // In the SAME peer as the namespaceSelector, so the two are ANDed: these pods in that namespace.
    ...(podLabels && Object.keys(podLabels).length ? { podSelector: { matchLabels: { ...podLabels } } } : {}),
  };
}

/** The cluster DNS pods (CoreDNS keeps the historical `k8s-app: kube-dns` label). */
export function clusterDnsPeer(): NetworkPolicyPeer {
  return namespacePeer('kube-system', { 'k8s-app': 'kube-dns' });
}

/** DNS goes over UDP, and over TCP for large answers; both are needed. */
export function dnsPorts(): NetworkPolicyPort[] {
  return [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ];
}

export function tcp(port: number): NetworkPolicyPort {
  return { protocol: 'TCP', port };
}

export function networkPolicy(
  namespace: string,
  name: string,
  spec: Omit<NetworkPolicy['spec'] & object, 'policyTypes'> & { policyTypes: PolicyType[] },
  labels?: Record<string, string>,
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, ...(labels ? { labels: { ...labels } } : {}) },
    spec,
  };
}

/**
 * Parses a port list as people write it: `TCP 443, UDP 53, 8000-9000/TCP, 5432, https`. A bare number is TCP;
 * a name is a named container port. Returns the ports, or the first entry it could not read.
 */
export function parsePortList(text: string): { ports: NetworkPolicyPort[] } | { error: string } {
  const ports: NetworkPolicyPort[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const match =
      /^(?:(TCP|UDP|SCTP)[\s/:]+)?(?:(\d+)(?:\s*-\s*(\d+))?|([A-Za-z0-9-]+))(?:\s*\/\s*(TCP|UDP|SCTP))?$/i.exec(entry);
    if (!match) return { error: entry };
    const protocol = (match[1] ?? match[5] ?? 'TCP').toUpperCase() as Protocol;
    if (match[2] !== undefined) {
      const port = Number(match[2]);
      const endPort = match[3] !== undefined ? Number(match[3]) : undefined;
      if (port < 1 || port > 65535 || (endPort !== undefined && (endPort < port || endPort > 65535)))
        return { error: entry };
      ports.push({ protocol, port, ...(endPort !== undefined ? { endPort } : {}) });
    } else {
      // A named container port: an IANA service name (lower case, a letter somewhere, no double hyphen).
      const name = match[4]!;
      if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name) || !/[a-z]/.test(name) || name.includes('--'))
        return { error: entry };
      ports.push({ protocol, port: name });
    }
  }
  return { ports };
}
