/**
 * The linter: the pitfalls of netpol-semantics.md §4 (ids P-01…) plus a few checks from operators' audit
 * scripts, reported as positioned Diagnostics. API-server validation (P6, R1, B4…, duplicate policyTypes,
 * non-canonical CIDRs, missing namespace) is `read`'s job and is not repeated here.
 *
 * `lint` takes one read or several (the CLI lints all its files together: the inventory of every file
 * applies to every policy, and redundancy is judged across files). It never throws.
 */
import { positionFindings } from '../read/read.ts';
import type { Diagnostic, ReadResult } from '../model/types.ts';
import { cloneValue } from '../model/clone.ts';
import { buildContext, severityRank, type CollectedFinding, type LintContext } from './context.ts';
import * as dns from './rules/dns.ts';
import * as inventory from './rules/inventory.ts';
import * as ipblocks from './rules/ipblocks.ts';
import * as policyTypes from './rules/policy-types.ts';
import * as redundancy from './rules/redundancy.ts';
import * as ruleShape from './rules/rule-shape.ts';
import * as schema from './rules/schema.ts';
import * as services from './rules/services.ts';
import * as selectors from './rules/selectors.ts';
import type { LintOptions, LintRuleInfo, QuickFix } from './types.ts';
import { errorMessage } from '../model/text.ts';

export type { ClusterProfile, LintOptions, LintRuleInfo, QuickFix } from './types.ts';
export { DEFAULT_CLUSTER_PROFILE } from './types.ts';

const FAMILIES: { rules: LintRuleInfo[]; check: (ctx: LintContext) => void }[] = [
  selectors,
  ruleShape,
  dns,
  policyTypes,
  redundancy,
  ipblocks,
  inventory,
  schema,
  services,
];

/** Every lint rule, sorted by id. */
export const LINT_RULES: readonly LintRuleInfo[] = FAMILIES.flatMap((f) => f.rules).sort((a, b) =>
  a.id.localeCompare(b.id, 'en', { numeric: true }),
);

const RULE_BY_ID = new Map(LINT_RULES.map((r) => [r.id, r]));

export function lintRule(id: string): LintRuleInfo | undefined {
  return RULE_BY_ID.get(id);
}

type Input = ReadResult | readonly ReadResult[];
const inputsOf = (input: Input): readonly ReadResult[] => (Array.isArray(input) ? input : [input as ReadResult]);

function collect(inputs: readonly ReadResult[], options: LintOptions): CollectedFinding[] {
  const collected: CollectedFinding[] = [];
  const ctx = buildContext(inputs, options, collected);
  for (const family of FAMILIES) {
    try {
      family.check(ctx);
    } catch (e) {
      // A rule must never take the editor or the CLI down with it; say that it failed instead.
      // Positioned at the start of the first input that has documents.
      const input = Math.max(
        0,
        inputs.findIndex((r) => r.documents.length > 0),
      );
      collected.push({
        input,
        source: { doc: 0 },
        finding: {
          rule: 'lint-internal',
          severity: 'info',
          message: `a lint rule failed (${family.rules.map((r) => r.id).join(', ')}): ${errorMessage(e)}`,
          path: [],
        },
      });
    }
  }
  return collected;
}

interface Positioned {
  diagnostic: Diagnostic;
  collected: CollectedFinding;
}

/** Positions the findings, per input in input order, each input's sorted by position. */
function positioned(inputs: readonly ReadResult[], collected: CollectedFinding[]): Positioned[] {
  const perInput: CollectedFinding[][] = inputs.map(() => []);
  for (const c of collected) perInput[c.input]?.push(c);
  return perInput.flatMap((list, i) => {
    if (list.length === 0 || inputs[i]!.documents.length === 0) return [];
    const diagnostics = positionFindings(
      inputs[i]!,
      list.map((c) => {
        const info = RULE_BY_ID.get(c.finding.rule);
        return {
          finding: {
            severity: c.finding.severity ?? info?.severity ?? 'warning',
            code: c.finding.rule,
            message: c.finding.message,
            path: c.finding.path,
            ...((c.finding.fix ?? info?.fix) ? { fix: c.finding.fix ?? info!.fix } : {}),
          },
          source: c.source,
          ...(c.object !== undefined ? { object: c.object } : {}),
        };
      }),
    );
    return diagnostics
      .map((diagnostic, k) => ({ diagnostic, collected: list[k]! }))
      .sort((a, b) => byPosition(a.diagnostic, b.diagnostic));
  });
}

const byPosition = (a: Diagnostic, b: Diagnostic) =>
  a.line - b.line || a.column - b.column || a.code.localeCompare(b.code, 'en', { numeric: true });

/**
 * Lints the NetworkPolicies of one or several reads. Diagnostics come per input in input order, each
 * input's sorted by position; `file` is the read's file.
 */
export function lint(input: Input, options: LintOptions = {}): Diagnostic[] {
  return lintWithFixes(input, options).diagnostics;
}

/** A lint run that can also produce the quick fixes of its diagnostics, without linting again. */
export interface LintRun {
  diagnostics: Diagnostic[];
  /**
   * The quick fixes for one of `diagnostics` (or an equal diagnostic): each is the whole fixed policy.
   * Fixes with `safe: true` keep the policy's connectivity exactly; the others change it to what was
   * probably meant.
   */
  fixesFor(diagnostic: Diagnostic): QuickFix[];
}

const sameDiagnostic = (a: Diagnostic, b: Diagnostic) =>
  a.code === b.code &&
  a.line === b.line &&
  a.column === b.column &&
  a.path === b.path &&
  a.object === b.object &&
  a.message === b.message &&
  a.file === b.file;

export function lintWithFixes(input: Input, options: LintOptions = {}): LintRun {
  const inputs = inputsOf(input);
  const list = positioned(inputs, collect(inputs, options));
  return {
    diagnostics: list.map((x) => x.diagnostic),
    fixesFor(diagnostic) {
      const hit =
        list.find((x) => x.diagnostic === diagnostic) ?? list.find((x) => sameDiagnostic(x.diagnostic, diagnostic));
      const c = hit?.collected;
      if (!c || c.policyIndex === undefined) return [];
      const entry = inputs[c.input]!.policies[c.policyIndex];
      if (!entry) return [];
      return (c.finding.fixes ?? []).map((fix) => {
        // Each fix works on its own deep copy: the read stays untouched.
        const policy = cloneValue(entry.policy);
        fix.apply(policy);
        return {
          title: fix.title,
          safe: fix.safe,
          input: c.input,
          policyIndex: c.policyIndex!,
          object: c.object ?? '',
          policy,
        };
      });
    },
  };
}

/** The quick fixes for one diagnostic of `lint(input, options)` (lints again; see `lintWithFixes`). */
export function quickFixes(input: Input, diagnostic: Diagnostic, options: LintOptions = {}): QuickFix[] {
  return lintWithFixes(input, options).fixesFor(diagnostic);
}

/** True when some diagnostic is at or above `level`. */
export function hasFindingsAtLeast(diagnostics: readonly Diagnostic[], level: Diagnostic['severity']): boolean {
  return diagnostics.some((d) => severityRank(d.severity) >= severityRank(level));
}
