/**
 * Rule-level pitfalls: P-02 (ports but no peers: everyone), P-03 (allow-all rules), P-15 (endPort needs
 * CNI support), P-18 (`ports: [{}]` is TCP only), P-28 ("deny" policies that allow), P-34 (a policy for
 * every pod of its namespace that allows traffic), broad peers (all namespaces, any address), and
 * unfilled `{{PARAM}}` templates.
 */
import { parseCidr } from '../../model/cidr.ts';
import type { FieldPath } from '../../model/types.ts';
import {
  isRecord,
  matches,
  peerShape,
  PEERS_KEY,
  portShape,
  describeSelector,
  selectsAll,
  type LintContext,
  type PolicyView,
  type RuleView,
} from '../context.ts';
import { dnsRule } from '../fixes.ts';
import type { LintRuleInfo } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-02',
    title: 'a rule with ports but no peers allows everyone',
    severity: 'warning',
    fix: 'list the intended peers in `from`/`to`; an empty or absent list means every source/destination, the internet included',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-03',
    title: 'allow-all rule (and rules it makes redundant)',
    severity: 'info',
    fix: 'keep it only if all traffic in this direction is meant to be allowed: no other policy can restrict it',
    safeFix: true,
    needs: 'policies',
  },
  {
    id: 'P-15',
    title: 'endPort needs CNI support',
    severity: 'info',
    fix: 'check that the CNI supports endPort; without it only `port` is allowed',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-18',
    title: '`ports: [{}]` means all TCP ports only',
    severity: 'warning',
    fix: 'write `protocol: TCP` explicitly, or omit `ports` for all protocols',
    safeFix: true,
    needs: 'policies',
  },
  {
    id: 'P-28',
    title: '"deny" policy that allows traffic or is overridden',
    severity: 'info',
    fix: 'NetworkPolicy has no deny rules and no order: isolate with an empty rule list and allow only what is needed',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-34',
    title: 'over-broad subject: every pod of the namespace',
    severity: 'info',
    fix: 'narrow spec.podSelector to the pods that need this access',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'broad-peer',
    title: 'peer that matches every namespace or every address',
    severity: 'info',
    fix: 'narrow the peer to the namespaces or address ranges that need access',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'template-unfilled',
    title: 'unfilled {{PARAM}} template parameter',
    severity: 'warning',
    fix: 'instantiate the template (fill in every {{PARAM}}) before applying',
    safeFix: false,
    needs: 'policies',
  },
];

export const isAllowAll = (r: RuleView): boolean => (r.peers ?? []).length === 0 && (r.ports ?? []).length === 0;

/** The rule's `from`/`to` path when the key is written, else the rule's own path. */
export function peersPath(r: RuleView): FieldPath {
  const key = PEERS_KEY[r.direction];
  return key in r.rule ? [...r.path, key] : r.path;
}

export function check(ctx: LintContext): void {
  for (const p of ctx.policies) {
    checkTemplate(ctx, p);
    for (const r of [...p.ingress, ...p.egress]) {
      checkPorts(ctx, p, r);
      if (!r.effective) continue;
      checkEveryone(ctx, p, r);
      checkBroadPeers(ctx, p, r);
    }
    checkSubject(ctx, p);
    checkDenyName(ctx, p);
  }
}

function checkEveryone(ctx: LintContext, p: PolicyView, r: RuleView): void {
  if ((r.peers ?? []).length > 0) return;
  const who = r.direction === 'ingress' ? 'source' : 'destination';
  const dirWord = r.direction === 'ingress' ? 'ingress to' : 'egress from';
  if (isAllowAll(r)) {
    ctx.report(p, {
      rule: 'P-03',
      message: `this rule has no peers and no ports: it allows all ${dirWord} the selected pods (every ${who}, every port and protocol), and no other policy can take that back`,
      path: r.path,
    });
    return;
  }
  const shapes = (r.ports ?? []).map(portShape);
  const dnsOnly =
    r.direction === 'egress' &&
    shapes.length > 0 &&
    shapes.every((s) => s.kind === 'range' && s.from === ctx.profile.dns.port && s.to === ctx.profile.dns.port);
  const key = PEERS_KEY[r.direction];
  const written = Array.isArray(r.rule[key]) ? `\`${key}: []\`` : `no \`${key}\``;
  const dns = ctx.profile.dns;
  ctx.report(p, {
    rule: 'P-02',
    message: dnsOnly
      ? `DNS rule with ${written}: it allows port ${dns.port} to every destination (any host on the internet), not only the cluster DNS`
      : `rule with ports but ${written}: an empty or absent peer list means every ${who}, including addresses outside the cluster`,
    path: peersPath(r),
    ...(dnsOnly
      ? {
          fixes: [
            {
              title: `restrict to the cluster DNS (${dns.namespace}, ${describeSelector({ matchLabels: dns.podLabels })})`,
              safe: false,
              apply: (policy) => {
                const spec = isRecord(policy.spec) ? (policy.spec as Record<string, unknown>) : undefined;
                const list = spec?.[r.direction];
                const rule = Array.isArray(list) ? list[r.index] : undefined;
                if (isRecord(rule)) rule[key] = dnsRule(dns.namespace, dns.podLabels, dns.port).to;
              },
            },
          ],
        }
      : {}),
  });
}

function checkPorts(ctx: LintContext, p: PolicyView, r: RuleView): void {
  (r.ports ?? []).forEach((port, i) => {
    if (!isRecord(port)) return;
    const path = [...r.path, 'ports', i];
    if (port.protocol === undefined && port.port === undefined && port.endPort === undefined) {
      ctx.report(p, {
        rule: 'P-18',
        message:
          '`{}` as a port entry means every TCP port only (protocol defaults to TCP), not all traffic: UDP (DNS!) and SCTP stay blocked. For all protocols, omit `ports`',
        path,
        fixes: [
          {
            // The server defaults the protocol to TCP, so writing it keeps the meaning and makes it visible.
            title: 'write `protocol: TCP` explicitly',
            safe: true,
            apply: (policy) => {
              const spec = isRecord(policy.spec) ? policy.spec : undefined;
              const list = isRecord(spec) ? (spec as Record<string, unknown>)[r.direction] : undefined;
              const rule = Array.isArray(list) ? list[r.index] : undefined;
              const ports = isRecord(rule) ? rule.ports : undefined;
              if (Array.isArray(ports) && isRecord(ports[i])) ports[i] = { protocol: 'TCP', ...ports[i] };
            },
          },
        ],
      });
    }
    if (typeof port.endPort === 'number' && typeof port.port === 'number') {
      ctx.report(p, {
        rule: 'P-15',
        message: `port range ${port.port}-${port.endPort}: a CNI without endPort support applies only port ${port.port}`,
        path: [...path, 'endPort'],
      });
    }
  });
}

function checkBroadPeers(ctx: LintContext, p: PolicyView, r: RuleView): void {
  const key = PEERS_KEY[r.direction];
  (r.peers ?? []).forEach((peer, i) => {
    const s = peerShape(peer);
    const path = [...r.path, key, i];
    if (s.kind === 'selector' && s.namespaceSelector && selectsAll(s.namespaceSelector) && selectsAll(s.podSelector)) {
      ctx.report(p, {
        rule: 'broad-peer',
        message: `\`namespaceSelector: {}\` matches every pod in every namespace of the cluster${r.direction === 'ingress' ? ' as a source' : ' as a destination'}`,
        path,
      });
    } else if (s.kind === 'ipBlock' && r.direction === 'ingress' && typeof s.cidr === 'string') {
      const c = parseCidr(s.cidr);
      if (c && c.prefix === 0)
        ctx.report(p, {
          rule: 'broad-peer',
          message: `ingress from ${s.cidr}${s.except.length ? ' (with exceptions)' : ''}: any address, the internet included, may connect`,
          path: [...path, 'ipBlock', 'cidr'],
        });
    }
  });
}

function checkSubject(ctx: LintContext, p: PolicyView): void {
  if (!selectsAll(p.subject)) return;
  const rules = [...p.ingress, ...p.egress].filter((r) => r.effective);
  // With only allow-all rules P-03 already says it.
  if (rules.length > 0 && rules.every(isAllowAll)) return;
  if (rules.length > 0) {
    ctx.report(p, {
      rule: 'P-34',
      message: `spec.podSelector selects every pod in namespace ${p.namespace}: the access these rules allow is given to all of them`,
      path: ['spec', 'podSelector'],
    });
    return;
  }
  // A namespace-wide default deny (the guide's audit lists every policy for all pods). With an inventory,
  // name the workloads that no policy allows anything in a denied direction: they are cut off entirely.
  const denied = p.types.map((t) => t.toLowerCase() as 'ingress' | 'egress');
  let detail = 'every workload there needs a policy allowing what it uses';
  if (ctx.hasWorkloads) {
    const parts: string[] = [];
    for (const direction of denied) {
      const allowing = ctx.policies.filter((q) => q.namespace === p.namespace && q[direction].some((r) => r.effective));
      const cut = ctx
        .workloadsIn(p.namespace)
        .filter((w) => !w.hostNetwork && !allowing.some((q) => matches(q.subject ?? {}, w.labels)))
        .map((w) => w.name);
      if (cut.length)
        parts.push(`no policy allows any ${direction} of ${cut.slice(0, 5).join(', ')}${cut.length > 5 ? ', …' : ''}`);
    }
    if (parts.length === 0) return;
    detail = parts.join('; ');
  }
  ctx.report(p, {
    rule: 'P-34',
    message: `default deny for every pod in namespace ${p.namespace} (${p.types.join(', ')}): ${detail}`,
    path: ['spec', 'podSelector'],
    fix: 'add a policy allowing what each of those workloads needs',
  });
}

function checkDenyName(ctx: LintContext, p: PolicyView): void {
  if (!/deny/i.test(p.name)) return;
  const rules = [...p.ingress, ...p.egress].filter((r) => r.effective);
  if (rules.length === 0) return;
  const allowAll = rules.find(isAllowAll);
  ctx.report(p, {
    rule: 'P-28',
    severity: allowAll ? 'warning' : 'info',
    message: allowAll
      ? `"${p.name}" sounds like a deny policy, but ${allowAll.direction}[${allowAll.index}] allows all ${allowAll.direction}: NetworkPolicy rules only ever allow`
      : `"${p.name}" sounds like a deny policy, but NetworkPolicy rules only allow: its ${rules.length} rule(s) allow traffic, and denial comes only from isolation (an empty rule list)`,
    path: allowAll ? allowAll.path : ['metadata', 'name'],
  });
}

function checkTemplate(ctx: LintContext, p: PolicyView): void {
  if (!p.templated) return;
  const seen = new Set<string>();
  walkStrings(p.policy, [], (text, path) => {
    for (const name of paramsIn(text)) {
      if (seen.has(name)) continue;
      seen.add(name);
      ctx.report(p, {
        rule: 'template-unfilled',
        message: `unfilled template parameter {{${name}}}: applied as it is, the server rejects the policy or matches the literal text`,
        path,
        fix: `instantiate the template with a value for ${name}`,
      });
    }
  });
}

/**
 * Parameter names in a string. template.ts's shared global regex keeps `lastIndex` between calls (after
 * `hasTemplateParam` matched, `matchAll` starts mid-string), so the scan here uses its own regex.
 */
function paramsIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g)].map((m) => m[1]!);
}

function walkStrings(value: unknown, path: FieldPath, visit: (text: string, path: FieldPath) => void, depth = 0): void {
  if (depth > 100) return;
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit, depth + 1));
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) {
      visit(k, [...path, k]);
      walkStrings(v, [...path, k], visit, depth + 1);
    }
}
