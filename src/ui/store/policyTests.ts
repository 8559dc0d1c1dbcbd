/**
 * The core's policy-test entry (`src/core/policytests.ts`, which brings the `yaml` package) loaded when the user
 * first loads a test file or pins flows as tests, never at start-up.
 */
import { lazyModule } from './lazyModule.ts';

const policyTests = lazyModule(() => import('../../core/policytests.ts'));

/** The entry when it has arrived (always, once a test file is in the state: it was read with it). */
export const loadedPolicyTests = policyTests.loaded;
export const loadPolicyTests = policyTests.load;
