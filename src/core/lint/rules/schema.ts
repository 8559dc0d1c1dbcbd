/**
 * P-32: misspelled or unknown fields (`namespaceSelecter`, `podselector`, `ipblock`, `policyType`, `endport`,
 * `to` in an ingress rule). The API server drops unknown fields unless field validation is strict, so
 * `{podSelector: S, namespaceSelecter: N}` silently becomes "S in the local namespace". Also P-27 (SCTP needs
 * CNI support).
 */
import type { FieldPath } from '../../model/types.ts';
import { asArray, getAt, isRecord, type LintContext, type Obj, type PolicyView } from '../context.ts';
import { renameKey } from '../fixes.ts';
import type { LintRuleInfo } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-32',
    title: 'misspelled or unknown field',
    severity: 'warning',
    fix: 'fix the field name: unknown fields are dropped (or rejected under strict field validation)',
    safeFix: false,
    needs: 'policies',
  },
  {
    id: 'P-27',
    title: 'SCTP needs CNI support',
    severity: 'info',
    fix: 'check that the CNI enforces SCTP NetworkPolicies',
    safeFix: false,
    needs: 'policies',
  },
];

const SELECTOR = ['matchLabels', 'matchExpressions'];
const EXPRESSION = ['key', 'operator', 'values'];
const METADATA = [
  'name',
  'namespace',
  'labels',
  'annotations',
  'generateName',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'ownerReferences',
  'finalizers',
  'selfLink',
];

/** Levenshtein distance, capped: only small distances matter for suggestions. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

function suggest(key: string, known: readonly string[], extra: readonly string[] = []): string | undefined {
  const lower = key.toLowerCase();
  const all = [...known, ...extra];
  const exact = all.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  let best: string | undefined;
  let bestD = 3;
  for (const k of all) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

export function check(ctx: LintContext): void {
  for (const p of ctx.policies) {
    const root = p.policy as unknown as Obj;
    const unknown = (obj: unknown, path: FieldPath, known: readonly string[], hints: Record<string, string> = {}) => {
      if (!isRecord(obj)) return;
      for (const key of Object.keys(obj)) {
        if (known.includes(key)) continue;
        const to = hints[key] ?? suggest(key, known);
        // The direction-swapped peer list (`to` in an ingress rule) is the one meaningful rename.
        const target = to && !Object.hasOwn(obj, to) ? to : undefined;
        report(ctx, p, [...path, key], key, target);
      }
    };
    unknown(root, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    unknown(root.metadata, ['metadata'], METADATA);
    const spec = root.spec;
    unknown(spec, ['spec'], ['podSelector', 'ingress', 'egress', 'policyTypes']);
    if (!isRecord(spec)) continue;
    selector(spec.podSelector, ['spec', 'podSelector']);
    for (const direction of ['ingress', 'egress'] as const) {
      const peersKey = direction === 'ingress' ? 'from' : 'to';
      const other = direction === 'ingress' ? 'to' : 'from';
      asArray(spec[direction]).forEach((rule, i) => {
        const rp: FieldPath = ['spec', direction, i];
        if (!isRecord(rule)) return;
        // The swapped peer key (`to` in an ingress rule) is dropped; when the rule has no peers of its own
        // it then matches every peer, which is worth saying.
        const swapped = other in rule && !(peersKey in rule);
        unknown(
          swapped ? { ...rule, [other]: undefined } : rule,
          rp,
          [peersKey, 'ports', ...(swapped ? [other] : [])],
          {
            [other]: peersKey,
          },
        );
        if (swapped)
          report(
            ctx,
            p,
            [...rp, other],
            other,
            peersKey,
            `this ${direction} rule has no \`${peersKey}\` and allows every ${direction === 'ingress' ? 'source' : 'destination'}`,
          );
        asArray(rule[peersKey]).forEach((peer, j) => {
          const pp: FieldPath = [...rp, peersKey, j];
          unknown(peer, pp, ['podSelector', 'namespaceSelector', 'ipBlock']);
          if (!isRecord(peer)) return;
          selector(peer.podSelector, [...pp, 'podSelector']);
          selector(peer.namespaceSelector, [...pp, 'namespaceSelector']);
          unknown(peer.ipBlock, [...pp, 'ipBlock'], ['cidr', 'except']);
        });
        asArray(rule.ports).forEach((port, j) => {
          unknown(port, [...rp, 'ports', j], ['protocol', 'port', 'endPort']);
          if (isRecord(port) && port.protocol === 'SCTP')
            ctx.report(p, {
              rule: 'P-27',
              message: 'SCTP is valid in the API, but only CNIs that support SCTP NetworkPolicies enforce it',
              path: [...rp, 'ports', j, 'protocol'],
            });
        });
      });
    }

    function selector(sel: unknown, path: FieldPath) {
      unknown(sel, path, SELECTOR);
      if (isRecord(sel))
        asArray(sel.matchExpressions).forEach((e, k) => unknown(e, [...path, 'matchExpressions', k], EXPRESSION));
    }
  }
}

function report(
  ctx: LintContext,
  p: PolicyView,
  path: FieldPath,
  key: string,
  target: string | undefined,
  consequence = 'it has no effect',
): void {
  const where = path.slice(0, -1);
  const dropped = 'the API server drops unknown fields (or rejects them under strict field validation)';
  ctx.report(p, {
    rule: 'P-32',
    message: target
      ? `unknown field \`${key}\`: did you mean \`${target}\`? As written, ${dropped}, so ${consequence}`
      : `unknown field \`${key}\`: ${dropped}, so ${consequence}`,
    path,
    ...(target
      ? {
          fix: `rename \`${key}\` to \`${target}\``,
          fixes: [
            {
              // Renaming makes the field count: the policy changes to what was written.
              title: `rename \`${key}\` to \`${target}\``,
              safe: false,
              apply: (policy) => {
                const obj = getAt(policy, where);
                if (isRecord(obj)) renameKey(obj, key, target);
              },
            },
          ],
        }
      : {}),
  });
}
