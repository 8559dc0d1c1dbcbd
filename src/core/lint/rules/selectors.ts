/**
 * Selector pitfalls: P-01 (OR where AND was meant), P-05 (`name` namespace label nobody sets), P-07 (node
 * labels or the namespace-name label in a podSelector; pod labels in a namespaceSelector), P-31
 * (NotIn/DoesNotExist also match objects without the label).
 */
import { NAMESPACE_NAME_LABEL } from '../../model/normalize.ts';
import type { FieldPath, LabelSelector, NetworkPolicy } from '../../model/types.ts';
import {
  asArray,
  describeSelector,
  getAt,
  isRecord,
  matches,
  peerShape,
  PEERS_KEY,
  selectorKeys,
  selectsAll,
  type LintContext,
  type Obj,
  type PolicyView,
} from '../context.ts';
import { renameKey } from '../fixes.ts';
import type { FixDefinition, LintRuleInfo } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-01',
    title: 'namespaceSelector and podSelector in separate peers are ORed',
    severity: 'warning',
    fix: 'for "these pods in those namespaces" put namespaceSelector and podSelector in one peer (delete the second `-`)',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-05',
    title: 'namespaceSelector on a `name` label Kubernetes does not set',
    severity: 'warning',
    fix: 'select namespaces by kubernetes.io/metadata.name, which the control plane sets on every namespace',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-07',
    title: 'node labels or the namespace-name label in a podSelector',
    severity: 'warning',
    fix: 'pods do not carry node labels: use an ipBlock for node addresses; select namespaces with namespaceSelector',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-31',
    title: 'NotIn / DoesNotExist also match objects without the label',
    severity: 'warning',
    fix: 'add `{key: K, operator: Exists}` if objects without the label must not match',
    safeFix: false,
    needs: 'policies',
  },
];

const NODE_LABEL_KEYS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
]);
const NODE_LABEL_PREFIXES = [
  'node-role.kubernetes.io/',
  'topology.kubernetes.io/',
  'node.kubernetes.io/',
  'failure-domain.beta.kubernetes.io/',
];

export function isNodeLabelKey(key: string): boolean {
  return NODE_LABEL_KEYS.has(key) || NODE_LABEL_PREFIXES.some((p) => key.startsWith(p));
}

/** Every selector in a policy with its role and path. */
export interface SelectorSite {
  role: 'subject' | 'peerPod' | 'peerNamespace';
  selector: LabelSelector;
  path: FieldPath;
  /** For peers: the peer's path and the rule's path. */
  peerPath?: FieldPath;
}

export function selectorSites(p: PolicyView): SelectorSite[] {
  const out: SelectorSite[] = [];
  if (p.subject) out.push({ role: 'subject', selector: p.subject, path: ['spec', 'podSelector'] });
  for (const r of [...p.ingress, ...p.egress]) {
    (r.peers ?? []).forEach((peer, i) => {
      if (!isRecord(peer)) return;
      const peerPath = [...r.path, PEERS_KEY[r.direction], i];
      if (isRecord(peer.podSelector))
        out.push({
          role: 'peerPod',
          selector: peer.podSelector as LabelSelector,
          path: [...peerPath, 'podSelector'],
          peerPath,
        });
      if (isRecord(peer.namespaceSelector))
        out.push({
          role: 'peerNamespace',
          selector: peer.namespaceSelector as LabelSelector,
          path: [...peerPath, 'namespaceSelector'],
          peerPath,
        });
    });
  }
  return out;
}

export function check(ctx: LintContext): void {
  for (const p of ctx.policies) {
    checkOrPeers(ctx, p);
    for (const site of selectorSites(p)) {
      if (site.role === 'peerNamespace') checkNamespaceSelector(ctx, p, site);
      else checkPodSelector(ctx, p, site);
      checkNegations(ctx, p, site);
    }
  }
}

function checkOrPeers(ctx: LintContext, p: PolicyView): void {
  for (const r of [...p.ingress, ...p.egress]) {
    const peers = r.peers ?? [];
    const shapes = peers.map(peerShape);
    const nsOnly: number[] = [];
    shapes.forEach((s, i) => {
      if (s.kind === 'selector' && s.namespaceSelector && !s.podSelector) nsOnly.push(i);
    });
    if (nsOnly.length === 0) continue;
    shapes.forEach((s, i) => {
      // `- podSelector: {}` next to a namespaceSelector is the deliberate "my namespace, and those" (ANDing it
      // with the namespaceSelector would add nothing), so only a non-empty podSelector is suspicious.
      if (s.kind !== 'selector' || s.namespaceSelector || !s.podSelector || selectsAll(s.podSelector)) return;
      const nsIndex = [...nsOnly].reverse().find((j) => j < i) ?? nsOnly[0]!;
      const nsShape = shapes[nsIndex];
      const nsText = nsShape?.kind === 'selector' ? describeSelector(nsShape.namespaceSelector) : '?';
      const key = PEERS_KEY[r.direction];
      ctx.report(p, {
        rule: 'P-01',
        message: `\`${key}\` lists a namespaceSelector (${nsText}) and a podSelector (${describeSelector(s.podSelector)}) as separate peers, which are ORed: every pod in those namespaces, plus these pods in ${p.namespace}. For "these pods in those namespaces" put both selectors in one peer`,
        path: [...r.path, key, i],
        fixes: [
          {
            title: 'merge into one peer (AND): these pods in those namespaces',
            safe: false,
            apply: (policy) => {
              const list = getAt(policy, [...r.path, key]);
              if (!Array.isArray(list)) return;
              const nsPeer = list[nsIndex] as Obj;
              const podPeer = list[i] as Obj;
              list[nsIndex] = { namespaceSelector: nsPeer.namespaceSelector, podSelector: podPeer.podSelector };
              list.splice(i, 1);
            },
          },
        ],
      });
    });
  }
}

/** Namespaces (from the inventory) carrying label `key` with one of `values` (any value when undefined). */
function namespacesWithLabel(ctx: LintContext, key: string, values?: string[]): string[] {
  return ctx.namespaces
    .filter((ns) => Object.hasOwn(ns.labels, key) && (!values || values.includes(ns.labels[key]!)))
    .map((ns) => ns.name);
}

function checkNamespaceSelector(ctx: LintContext, p: PolicyView, site: SelectorSite): void {
  for (const k of selectorKeys(site.selector)) {
    if (k.key === 'name') {
      // With an inventory of namespaces, stay quiet when the namespaces named do carry the label.
      if (ctx.hasNamespaces && namespacesWithLabel(ctx, 'name', k.value).length > 0) continue;
      const named = (k.value ?? []).filter((v) => ctx.namespaceByName.has(v));
      const detail =
        named.length > 0
          ? `namespace ${named.join(', ')} in the inventory has no such label`
          : 'Kubernetes never sets a `name` label on namespaces, so this matches only namespaces someone labelled by hand';
      const value = k.value?.length === 1 ? `: ${k.value[0]}` : '';
      const fixes: FixDefinition[] = [
        {
          title: `use kubernetes.io/metadata.name${value}`,
          safe: false,
          apply: (policy: NetworkPolicy) => renameSelectorKey(policy, [...site.path, ...k.path]),
        },
      ];
      ctx.report(p, {
        rule: 'P-05',
        message: `namespaceSelector on label \`name${value}\`: ${detail}; the control plane sets kubernetes.io/metadata.name on every namespace`,
        path: [...site.path, ...k.path],
        fix: `replace \`name\` with \`${NAMESPACE_NAME_LABEL}\``,
        fixes,
      });
      continue;
    }
    // Pod labels in a namespaceSelector: only decidable with both namespaces and workloads known.
    if (
      ctx.hasNamespaces &&
      ctx.hasWorkloads &&
      k.key !== NAMESPACE_NAME_LABEL &&
      namespacesWithLabel(ctx, k.key).length === 0 &&
      ctx.workloads.some((w) => Object.hasOwn(w.labels, k.key))
    ) {
      ctx.report(p, {
        rule: 'P-07',
        message: `namespaceSelector on \`${k.key}\`, a label that pods carry but no namespace in the inventory has: pod labels belong in podSelector`,
        path: [...site.path, ...k.path],
      });
    }
  }
}

/** Renames selector key `name` → kubernetes.io/metadata.name, at a matchLabels key or an expression's key. */
function renameSelectorKey(policy: NetworkPolicy, keyPath: FieldPath): void {
  const last = keyPath[keyPath.length - 1];
  if (keyPath[keyPath.length - 2] === 'matchLabels' && typeof last === 'string') {
    const map = getAt(policy, keyPath.slice(0, -1));
    if (isRecord(map)) renameKey(map, last, NAMESPACE_NAME_LABEL);
  } else {
    const expr = getAt(policy, keyPath.slice(0, -1));
    if (isRecord(expr)) expr.key = NAMESPACE_NAME_LABEL;
  }
}

function checkPodSelector(ctx: LintContext, p: PolicyView, site: SelectorSite): void {
  for (const k of selectorKeys(site.selector)) {
    if (isNodeLabelKey(k.key)) {
      ctx.report(p, {
        rule: 'P-07',
        message: `podSelector on \`${k.key}\`, a node label: pods do not carry node labels, so this matches no pod (NetworkPolicy cannot select nodes; use an ipBlock with the node addresses)`,
        path: [...site.path, ...k.path],
      });
    } else if (k.key === NAMESPACE_NAME_LABEL) {
      const fixes: FixDefinition[] = [];
      const peerPath = site.peerPath;
      if (peerPath && k.path[0] === 'matchLabels' && k.value?.length === 1) {
        const value = k.value[0]!;
        fixes.push({
          title: `select namespace ${value} with a namespaceSelector in the same peer`,
          safe: false,
          apply: (policy) => {
            const peer = getAt(policy, peerPath);
            if (!isRecord(peer) || !isRecord(peer.podSelector)) return;
            const ml = peer.podSelector.matchLabels;
            if (isRecord(ml)) delete ml[NAMESPACE_NAME_LABEL];
            const nsSel = isRecord(peer.namespaceSelector) ? peer.namespaceSelector : {};
            const nsLabels = isRecord(nsSel.matchLabels) ? nsSel.matchLabels : {};
            nsLabels[NAMESPACE_NAME_LABEL] = value;
            nsSel.matchLabels = nsLabels;
            peer.namespaceSelector = nsSel;
          },
        });
      }
      ctx.report(p, {
        rule: 'P-07',
        message: `podSelector on \`${NAMESPACE_NAME_LABEL}\`, a namespace label: pods do not carry it, so this matches no pod${site.role === 'subject' ? ' (a policy applies only in its own metadata.namespace)' : '; use a namespaceSelector'}`,
        path: [...site.path, ...k.path],
        fixes,
      });
    }
  }
}

function checkNegations(ctx: LintContext, p: PolicyView, site: SelectorSite): void {
  asArray(site.selector.matchExpressions).forEach((e, i) => {
    if (!isRecord(e) || typeof e.key !== 'string') return;
    if (e.operator !== 'NotIn' && e.operator !== 'DoesNotExist') return;
    // Another requirement that needs the label (Exists, In, matchLabels) already excludes unlabeled objects.
    const key0 = e.key;
    const required =
      (isRecord(site.selector.matchLabels) && Object.hasOwn(site.selector.matchLabels, key0)) ||
      asArray(site.selector.matchExpressions).some(
        (o) => isRecord(o) && o.key === key0 && (o.operator === 'Exists' || o.operator === 'In'),
      );
    if (required && e.operator === 'NotIn') return;
    const what = site.role === 'peerNamespace' ? 'namespaces' : 'pods';
    // With an inventory, name what the negation lets in only because the label is missing.
    let examples = '';
    const key = e.key;
    const unlabeled =
      site.role === 'peerNamespace'
        ? ctx.namespaces
            .filter((ns) => !Object.hasOwn(ns.labels, key) && matches(site.selector, ns.labels))
            .map((ns) => ns.name)
        : ctx.workloads
            .filter((w) => !Object.hasOwn(w.labels, key) && matches(site.selector, w.labels))
            .map((w) => `${w.namespace}/${w.name}`);
    if (unlabeled.length)
      examples = `; in the inventory: ${unlabeled.slice(0, 5).join(', ')}${unlabeled.length > 5 ? ', …' : ''}`;
    const notIn = e.operator === 'NotIn';
    ctx.report(p, {
      rule: 'P-31',
      // DoesNotExist says "without the label" outright, so it is only worth a note.
      severity: notIn ? 'warning' : 'info',
      message: notIn
        ? `\`${key} NotIn (${asArray(e.values).map(String).join(', ')})\` also matches ${what} that have no \`${key}\` label at all${examples}`
        : `\`${key} DoesNotExist\` matches every ${what === 'pods' ? 'pod' : 'namespace'} without the label, including ones created later${examples}`,
      path: [...site.path, 'matchExpressions', i],
      ...(notIn
        ? {
            fix: `add \`{key: ${key}, operator: Exists}\` if ${what} without the label must not match`,
            fixes: [
              {
                title: `also require the \`${key}\` label (Exists)`,
                safe: false,
                apply: (policy: NetworkPolicy) => {
                  const exprs = getAt(policy, [...site.path, 'matchExpressions']);
                  if (Array.isArray(exprs)) exprs.push({ key, operator: 'Exists' });
                },
              },
            ],
          }
        : {}),
    });
  });
}
