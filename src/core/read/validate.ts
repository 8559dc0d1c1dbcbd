/**
 * The Kubernetes API server's validation of a NetworkPolicy (networking.k8s.io/v1), rule for rule and in the
 * server's order: `ValidateObjectMeta` (M1–M5), then `ValidateNetworkPolicySpec`: spec.podSelector (L1–L6),
 * each ingress rule's ports (P1–P7) then peers (R1–R2, L1–L6, B1–B4), each egress rule likewise, then
 * policyTypes (S2–S3). Codes are the row ids of netpol-semantics.md §2; messages are the server's wording.
 * The rules live by object part in `validation/`: metadata, labels and selectors, ports, peers, ipBlock, spec.
 *
 * The rules run on a policy that has passed the door (`door.ts`), so every field has its API type: the server
 * fails to decode a wrongly typed field (HTTP 400, not 422), and the door reports that as code `type`. `null`
 * is Go's zero value there: `ingress: [null]` is the allow-all rule `{}`, `from: [null]` is an empty peer.
 *
 * Accepted-but-suspicious values are warnings with the linter's codes: P-33 (no namespace: kubectl fills it in
 * from the context), P-12 (duplicate policyTypes), P-25 (non-canonical CIDR, accepted while the
 * `StrictIPCIDRValidation` gate is off, which is the default).
 *
 * Strings containing a `{{NAME}}` template parameter are not validated: they are filled in later.
 */
import { NETWORK_POLICY } from '../model/schema.ts';
import type { FieldPath, Finding, NetworkPolicy } from '../model/types.ts';
import { admit, describeValue, isUnderRejected } from './door.ts';
import { Findings, type ValidateOptions } from './validation/context.ts';
import { validateObjectMeta } from './validation/metadata.ts';
import { validateSpec } from './validation/spec.ts';

export type { ValidateOptions };
export {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  qualifiedNameErrors,
  utf8Length,
} from './validation/names.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every check the API server makes on a NetworkPolicy create, in the server's order, plus the warnings
 * P-33, P-12 and P-25: first the door's type errors (`door.ts`), then the rules on the typed model. Never
 * throws: any shape of input gives findings.
 */
export function validateNetworkPolicy(obj: unknown, options: ValidateOptions = {}): Finding[] {
  if (!isObj(obj)) {
    return [
      {
        severity: 'error',
        code: 'type',
        message: `must be a mapping (a NetworkPolicy), got ${describeValue(obj)}`,
        path: [],
      },
    ];
  }
  const door = admit<NetworkPolicy>(obj, NETWORK_POLICY);
  return [...door.findings, ...validateAdmittedNetworkPolicy(door.value, door.rejected, options)];
}

/**
 * The rules on a policy that has passed the door. Findings at or beside a path the door rejected are left out:
 * the type error already covers that place (a rejected `metadata.name` is not also "required").
 */
export function validateAdmittedNetworkPolicy(
  policy: NetworkPolicy,
  rejected: readonly FieldPath[] = [],
  options: ValidateOptions = {},
): Finding[] {
  const v = new Findings(options);
  validateObjectMeta(v, policy.metadata ?? {});
  if (policy.spec) validateSpec(v, policy.spec);
  return rejected.length ? v.out.filter((f) => !isUnderRejected(f.path, rejected)) : v.out;
}
