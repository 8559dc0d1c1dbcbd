/**
 * Ports seen through Services. Policies are evaluated after Service translation, on the pod's port
 * (netpol-semantics.md §3.4): P-16 flags a rule port that is a Service `port` whose `targetPort` differs
 * (the rule then misses the traffic), and P-17 flags egress to the Kubernetes API on 443, whose `kubernetes`
 * Service forwards to API-server endpoints on another port (usually 6443) at host or external addresses.
 */
import type { WorkloadInfo } from '../../model/types.ts';
import { policyNamespace } from '../../model/normalize.ts';
import {
  asArray,
  isRecord,
  matches,
  peerShape,
  peerWorkloads,
  portShape,
  subjectWorkloads,
  type LintContext,
  type PolicyView,
  type RuleView,
} from '../context.ts';
import type { LintRuleInfo } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-16',
    title: 'Service port used where the pod (target) port is needed',
    severity: 'warning',
    fix: "use the Service's targetPort (the container port): policies see traffic after Service translation",
    safeFix: false,
    needs: 'workloads',
  },
  {
    id: 'P-17',
    title: 'Kubernetes API egress on 443 only',
    severity: 'info',
    fix: "allow the API server's endpoint addresses (ipBlock) on its real port, usually 6443",
    safeFix: false,
    needs: 'policies',
  },
];

interface ServicePort {
  port: number;
  protocol: string;
  targetPort: number | string;
}

interface ServiceInfo {
  namespace: string;
  name: string;
  selector: Record<string, string>;
  ports: ServicePort[];
}

function services(ctx: LintContext): ServiceInfo[] {
  const out: ServiceInfo[] = [];
  for (const r of ctx.inputs)
    for (const { object } of r.others) {
      if (object.kind !== 'Service' || !isRecord(object.spec)) continue;
      const sel = object.spec.selector;
      if (!isRecord(sel) || Object.keys(sel).length === 0) continue;
      const ports: ServicePort[] = [];
      for (const p of asArray(object.spec.ports)) {
        if (!isRecord(p) || typeof p.port !== 'number') continue;
        const target = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : p.port;
        ports.push({ port: p.port, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', targetPort: target });
      }
      out.push({
        namespace: policyNamespace(object),
        name: object.metadata?.name ?? '',
        selector: Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, String(v)])),
        ports,
      });
    }
  return out;
}

/** The pod port a Service port forwards to on `w` (a named targetPort resolves per pod). */
function targetOn(sp: ServicePort, w: WorkloadInfo): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  return w.ports.find((c) => c.name === sp.targetPort && c.protocol === sp.protocol)?.containerPort;
}

export function check(ctx: LintContext): void {
  const svc = ctx.hasWorkloads ? services(ctx) : [];
  for (const p of ctx.policies) {
    for (const r of [...p.ingress, ...p.egress]) {
      if (!r.effective) continue;
      if (svc.length) checkServicePorts(ctx, p, r, svc);
      if (r.direction === 'egress') checkApiServer(ctx, p, r);
    }
  }
}

function checkServicePorts(ctx: LintContext, p: PolicyView, r: RuleView, svc: ServiceInfo[]): void {
  if (p.templated) return;
  let targets: WorkloadInfo[];
  if (r.direction === 'ingress') targets = subjectWorkloads(ctx, p);
  else {
    const shapes = (r.peers ?? []).map(peerShape);
    if (shapes.length === 0) return;
    targets = shapes.flatMap((s) => peerWorkloads(ctx, s, p.namespace));
  }
  if (targets.length === 0) return;
  (r.ports ?? []).forEach((port, i) => {
    const s = portShape(port);
    if (s.kind !== 'range' || s.from !== s.to) return;
    const n = s.from;
    // A pod that serves n itself makes the rule meaningful as written.
    if (targets.some((w) => w.ports.some((c) => c.containerPort === n && c.protocol === s.protocol))) return;
    for (const service of svc) {
      const backends = targets.filter(
        (w) => w.namespace === service.namespace && matches({ matchLabels: service.selector }, w.labels),
      );
      if (backends.length === 0) continue;
      const sp = service.ports.find((x) => x.port === n && x.protocol === s.protocol);
      if (!sp) continue;
      const pod = backends.map((w) => targetOn(sp, w)).find((t) => t !== undefined && t !== n);
      if (pod === undefined) continue;
      ctx.report(p, {
        rule: 'P-16',
        message: `port ${n} is Service ${service.namespace}/${service.name}'s port, which forwards to pod port ${pod}: policies see the pod port, so this rule does not match that traffic`,
        path: [...r.path, 'ports', i, 'port'],
        fix: `use port ${pod} (the targetPort)`,
        fixes: [
          {
            title: `use the target port ${pod}`,
            safe: false,
            apply: (policy) => {
              const spec = policy.spec as Record<string, unknown> | undefined;
              const rule = asArray(spec?.[r.direction])[r.index];
              const entry = isRecord(rule) ? asArray(rule.ports)[i] : undefined;
              if (isRecord(entry)) entry.port = pod;
            },
          },
        ],
      });
      return;
    }
  });
}

const API_NAMESPACES = ['default', 'kube-system'];

function checkApiServer(ctx: LintContext, p: PolicyView, r: RuleView): void {
  const shapes = (r.ports ?? []).map(portShape);
  const has = (n: number) => shapes.some((s) => s.kind === 'range' && s.protocol === 'TCP' && s.from <= n && n <= s.to);
  const i = shapes.findIndex((s) => s.kind === 'range' && s.protocol === 'TCP' && s.from === 443 && s.to === 443);
  if (i < 0 || has(6443)) return;
  // Only rules aimed at where people expect the API server: selector peers naming default or kube-system.
  const aimed = (r.peers ?? []).some((peer) => {
    const s = peerShape(peer);
    if (s.kind !== 'selector') return false;
    if (!s.namespaceSelector) return API_NAMESPACES.includes(p.namespace) && !s.podSelector;
    const labels = s.namespaceSelector?.matchLabels ?? {};
    return Object.entries(labels).some(
      ([k, v]) => (k === 'kubernetes.io/metadata.name' || k === 'name') && API_NAMESPACES.includes(String(v)),
    );
  });
  if (!aimed) return;
  ctx.report(p, {
    rule: 'P-17',
    message:
      'if this is for the Kubernetes API: the `kubernetes` Service (443) forwards to the API server endpoints, usually on port 6443 at node or external addresses; selectors do not match them and 443 is not the port seen after translation',
    path: [...r.path, 'ports', i],
  });
}
