/**
 * The core's entry point for policy test files (`netpol test`): read strictly with positions, run by the
 * analysis, and pinned from flows. It is apart from `index.ts` because reading a test file takes the `yaml`
 * package (its nodes keep positions), which the designer does not load at start-up (see ./edits.ts).
 */
export {
  readTestFile,
  runPolicyTests,
  type TestFileError,
  type TestFileRead,
  type TestResult,
} from './policytest/tests.ts';
export { testsFromFlows } from './policytest/fromFlows.ts';
