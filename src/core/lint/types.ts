/**
 * The linter's vocabulary: rules (one per pitfall of netpol-semantics.md §4, id = the catalogue id), the
 * cluster profile some rules need (pod/service CIDRs, the DNS target, metadata addresses), options, and
 * quick fixes.
 */
import type { FieldPath, Inventory, NetworkPolicy, Severity } from '../model/types.ts';

/**
 * What the linter assumes about the cluster. P-04 (DNS), P-08 (pod/service CIDRs) and the cloud-metadata
 * rule cannot be decided from policies alone; these defaults are kubeadm's and CoreDNS's.
 */
export interface ClusterProfile {
  /** Pod network CIDRs (kubeadm `--pod-network-cidr`; Flannel/Calico manifests default to 10.244.0.0/16). */
  podCIDRs: string[];
  /** Service ClusterIP CIDRs (kube-apiserver `--service-cluster-ip-range`, kubeadm default 10.96.0.0/12). */
  serviceCIDRs: string[];
  /** Node addresses, when known. */
  nodeCIDRs: string[];
  dns: {
    /** Namespace of the cluster DNS pods. */
    namespace: string;
    /** Labels of the cluster DNS pods (CoreDNS keeps kube-dns's `k8s-app: kube-dns`). */
    podLabels: Record<string, string>;
    /** Addresses that also serve DNS to pods: NodeLocal DNSCache's link-local 169.254.20.10 by default. */
    ips: string[];
    port: number;
    /** Container port names of the DNS pods, per protocol (CoreDNS: `dns`/UDP, `dns-tcp`/TCP). */
    portNames: { UDP: string[]; TCP: string[] };
  };
  /** Cloud instance-metadata addresses (AWS, GCP, Azure, OpenStack; AWS's IPv6 one). */
  metadataIPs: string[];
  /** Pods have IPv4 and IPv6 addresses: an "anywhere" of one family (0.0.0.0/0 without ::/0) is P-24. */
  dualStack: boolean;
}

export const DEFAULT_CLUSTER_PROFILE: ClusterProfile = {
  podCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRs: [],
  dns: {
    namespace: 'kube-system',
    podLabels: { 'k8s-app': 'kube-dns' },
    ips: ['169.254.20.10'],
    port: 53,
    portNames: { UDP: ['dns'], TCP: ['dns-tcp'] },
  },
  metadataIPs: ['169.254.169.254', 'fd00:ec2::254'],
  dualStack: false,
};

export interface LintOptions {
  /** Overrides of the cluster profile (merged field by field over the defaults). */
  cluster?: Partial<Omit<ClusterProfile, 'dns'>> & { dns?: Partial<ClusterProfile['dns']> };
  /** Per-rule severity overrides, or `off`. Keys are rule ids (`P-05`, `cloud-metadata`…). */
  rules?: Readonly<Record<string, Severity | 'off'>>;
  /** Extra inventory (namespaces, workloads) merged with what the inputs contain. */
  inventory?: Inventory;
}

/** A rule's entry in the registry. */
export interface LintRuleInfo {
  /** The catalogue id (`P-01`…) or a descriptive id for checks outside the catalogue. */
  id: string;
  title: string;
  /** Severity of its main finding; some findings of a rule use another (each finding carries its own). */
  severity: Severity;
  /** One-line fix advice. */
  fix: string;
  /**
   * True when the rule offers a quick fix that keeps the policy's meaning (same connectivity), so it can be
   * applied without review. Rules may also offer fixes that change meaning to what was probably intended;
   * those are marked `safe: false` on the fix itself.
   */
  safeFix: boolean;
  /** What the rule needs to say anything: only policies, or an inventory of namespaces or workloads. */
  needs: 'policies' | 'namespaces' | 'workloads';
}

/** A fix as a rule produces it: a mutation of a deep copy of the policy. */
export interface FixDefinition {
  title: string;
  /** Keeps connectivity exactly as it is (see LintRuleInfo.safeFix). */
  safe: boolean;
  apply: (policy: NetworkPolicy) => void;
}

/** A quick fix ready to show: the whole fixed policy. */
export interface QuickFix {
  title: string;
  safe: boolean;
  /** Which input (index into the reads passed to lint) and which policy (index into its `policies`). */
  input: number;
  policyIndex: number;
  /** The policy's `namespace/name`. */
  object: string;
  policy: NetworkPolicy;
}

/** A finding before positioning, as rules report it. */
export interface RuleFinding {
  rule: string;
  severity?: Severity;
  message: string;
  path: FieldPath;
  fix?: string;
  fixes?: FixDefinition[];
}
