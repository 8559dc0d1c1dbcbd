/**
 * The core's policy-test entry (`src/core/policytests.ts`, which brings the `yaml` package) loaded when the user
 * first loads a test file or pins flows as tests, never at start-up. A failed load (the network) is forgotten,
 * so the next try loads again.
 */
type PolicyTests = typeof import('../../core/policytests.ts');

let entry: PolicyTests | undefined;
let loading: Promise<PolicyTests> | undefined;

/** The entry when it has arrived (always, once a test file is in the state: it was read with it). */
export function loadedPolicyTests(): PolicyTests | undefined {
  return entry;
}

export function loadPolicyTests(): Promise<PolicyTests> {
  loading ??= import('../../core/policytests.ts').then(
    (module) => (entry = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
