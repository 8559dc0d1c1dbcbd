/**
 * P-09, P-10, P-11: policyTypes and its defaulting (netpol-semantics.md §1.2). When policyTypes is absent
 * or `[]`, the server stores `["Ingress"]` plus `"Egress"` only if `spec.egress` has a rule; rules for a
 * direction missing from policyTypes are stored and silently ignored.
 */
import { effectivePolicyTypes } from '../../model/normalize.ts';
import type { LintContext } from '../context.ts';
import { isRecord } from '../context.ts';
import { specOf } from '../fixes.ts';
import type { LintRuleInfo } from '../types.ts';

export const rules: LintRuleInfo[] = [
  {
    id: 'P-09',
    title: 'rules ignored because policyTypes lacks their direction',
    severity: 'warning',
    fix: 'add the direction to policyTypes, or delete the ignored rules',
    safeFix: true,
    needs: 'policies',
  },
  {
    id: 'P-10',
    title: 'egress rules without policyTypes also isolate ingress',
    severity: 'warning',
    fix: 'write policyTypes: [Egress] for an egress-only policy (or [Ingress, Egress] to keep denying ingress)',
    safeFix: true,
    needs: 'policies',
  },
  {
    id: 'P-11',
    title: '`egress: []` without policyTypes does not isolate egress',
    severity: 'warning',
    fix: 'write policyTypes: [Ingress, Egress] to deny egress (or delete `egress: []`)',
    safeFix: true,
    needs: 'policies',
  },
];

export function check(ctx: LintContext): void {
  for (const p of ctx.policies) {
    const spec = p.spec;
    if (p.explicitTypes) {
      for (const direction of ['ingress', 'egress'] as const) {
        const list = spec[direction];
        if (!Array.isArray(list) || list.length === 0) continue;
        const type = direction === 'ingress' ? 'Ingress' : 'Egress';
        if (p.types.includes(type)) continue;
        ctx.report(p, {
          rule: 'P-09',
          message: `policyTypes is [${p.types.join(', ')}]: the ${list.length} ${direction} rule(s) here are stored but ignored, and ${type.toLowerCase()} is not isolated by this policy`,
          path: ['spec', direction],
          fixes: [
            {
              // The ignored rules have no effect, so deleting them keeps the meaning exactly.
              title: `delete the ignored ${direction} rules`,
              safe: true,
              apply: (policy) => {
                delete specOf(policy)[direction];
              },
            },
            {
              title: `add ${type} to policyTypes (the rules start to apply and ${direction} becomes isolated)`,
              safe: false,
              apply: (policy) => {
                specOf(policy).policyTypes = [...effectivePolicyTypes(policy), type];
              },
            },
          ],
        });
      }
      continue;
    }
    const egress = spec.egress;
    const ingress = spec.ingress;
    const ingressRules = Array.isArray(ingress) ? ingress.length : 0;
    if (Array.isArray(egress) && egress.length > 0 && ingressRules === 0) {
      ctx.report(p, {
        rule: 'P-10',
        message:
          'egress rules without policyTypes: the server defaults policyTypes to [Ingress, Egress], so this policy also denies all ingress to its pods; an egress-only policy must say policyTypes: [Egress]',
        path: isRecord(spec) && 'policyTypes' in spec ? ['spec', 'policyTypes'] : ['spec', 'egress'],
        fixes: [
          {
            title: 'make it egress-only: policyTypes: [Egress] (ingress is no longer denied by this policy)',
            safe: false,
            apply: (policy) => {
              specOf(policy).policyTypes = ['Egress'];
            },
          },
          {
            title: 'write the defaulted policyTypes: [Ingress, Egress] (keeps denying ingress)',
            safe: true,
            apply: (policy) => {
              specOf(policy).policyTypes = ['Ingress', 'Egress'];
            },
          },
        ],
      });
    }
    if (Array.isArray(egress) && egress.length === 0) {
      ctx.report(p, {
        rule: 'P-11',
        message:
          '`egress: []` without policyTypes does not add Egress to the defaulted policyTypes ([Ingress]): egress of these pods stays open',
        path: ['spec', 'egress'],
        fixes: [
          {
            title: 'deny egress: policyTypes: [Ingress, Egress]',
            safe: false,
            apply: (policy) => {
              specOf(policy).policyTypes = ['Ingress', 'Egress'];
            },
          },
          {
            title: 'delete `egress: []` and write policyTypes: [Ingress] (same meaning, said plainly)',
            safe: true,
            apply: (policy) => {
              const s = specOf(policy);
              delete s.egress;
              s.policyTypes = ['Ingress'];
            },
          },
        ],
      });
    }
  }
}
