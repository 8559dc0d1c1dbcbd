import {
  hasFindingsAtLeast,
  lint,
  LINT_RULES,
  type Diagnostic,
  type LintOptions,
  type Severity,
} from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { clip, MAX_PRINTED_SENTENCE } from '../clip.ts';
import { readAll } from '../inputs.ts';
import { UsageError, type CliCommand } from '../types.ts';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `FILE:LINE:COL: severity: message [CODE] (namespace/name field.path)`, then the fix indented. */
export function formatLintDiagnostic(d: Diagnostic): string {
  const where = [d.object, d.path]
    .filter(Boolean)
    .map((s) => clip(s!))
    .join(' ');
  const head = `${d.file ?? '<stdin>'}:${d.line}:${d.column}: ${d.severity}: ${clip(d.message, MAX_PRINTED_SENTENCE)} [${d.code}]${where ? ` (${where})` : ''}`;
  return d.fix ? `${head}\n    fix: ${clip(d.fix, MAX_PRINTED_SENTENCE)}` : head;
}

function list(value: string | true | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const ruleList = LINT_RULES.map((r) => `  ${r.id.padEnd(20)} ${r.severity.padEnd(8)} ${r.title}`).join('\n');

export const command: CliCommand = {
  name: 'lint',
  summary: 'find NetworkPolicy pitfalls: OR-instead-of-AND peers, `name` labels, missing DNS, allow-alls…',
  usage: `usage: netpol lint [options] [FILE…|DIR…|-]

Reads every input (folders recursively: .yaml, .yml, .json; Markdown guides with yaml fences too) and
lints all NetworkPolicies together, with the Namespaces and workloads of all inputs as the inventory
(rules that need an inventory stay quiet without one). API-server validation findings of the inputs are
printed as well. Text output, one finding per line and its fix below:
  FILE:LINE:COL: severity: message [RULE] (namespace/name field.path)
      fix: …

Options:
  --format text|json          json: an array of {rule, severity, message, file, line, column, policy, path, fix}
  --fail-on error|warning|info exit 1 when a finding is at or above this severity (default: error)
  --disable RULE,…            turn rules off (ids as listed below)
  --pod-cidr CIDR,…           cluster pod CIDRs for P-08 (default 10.244.0.0/16)
  --service-cidr CIDR,…       cluster Service CIDRs for P-08 (default 10.96.0.0/12)
  --node-cidr CIDR,…          node address ranges for P-08
  --dns-namespace NS          namespace of the cluster DNS pods for P-04 (default kube-system)
  --dual-stack                the cluster is dual-stack: flag single-family "anywhere" blocks (P-24)

Rules:
${ruleList}

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, {
      format: true,
      'fail-on': true,
      disable: true,
      'pod-cidr': true,
      'service-cidr': true,
      'node-cidr': true,
      'dns-namespace': true,
      'dual-stack': false,
    });
    const format = flags.get('format') ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`--format must be text or json, not ${String(format)}`);
    const failOn = flags.get('fail-on') ?? 'error';
    if (!SEVERITIES.includes(failOn as Severity))
      throw new UsageError(`--fail-on must be error, warning or info, not ${String(failOn)}`);
    const rules: Record<string, 'off'> = {};
    for (const id of list(flags.get('disable')) ?? []) {
      if (!LINT_RULES.some((r) => r.id === id)) throw new UsageError(`--disable: unknown rule ${id}`);
      rules[id] = 'off';
    }
    const cluster: NonNullable<LintOptions['cluster']> = {};
    const pod = list(flags.get('pod-cidr'));
    const service = list(flags.get('service-cidr'));
    const node = list(flags.get('node-cidr'));
    if (pod) cluster.podCIDRs = pod;
    if (service) cluster.serviceCIDRs = service;
    if (node) cluster.nodeCIDRs = node;
    const dnsNamespace = flags.get('dns-namespace');
    if (typeof dnsNamespace === 'string') cluster.dns = { namespace: dnsNamespace };
    if (flags.has('dual-stack')) cluster.dualStack = true;

    const results = await readAll(positionals, io);
    const linted = lint(results, { rules, cluster });
    // Validation findings first, per file; `template-param` is lint's `template-unfilled` at a higher severity.
    const diagnostics: Diagnostic[] = [];
    const byFile = new Map<string | undefined, Diagnostic[]>();
    for (const d of linted) {
      const l = byFile.get(d.file);
      if (l) l.push(d);
      else byFile.set(d.file, [d]);
    }
    for (const r of results) {
      const own = r.diagnostics.filter((d) => d.code !== 'template-param');
      const mine = byFile.get(r.file) ?? [];
      byFile.delete(r.file);
      diagnostics.push(...[...own, ...mine].sort((a, b) => a.line - b.line || a.column - b.column));
    }

    if (format === 'json') {
      const out = diagnostics.map((d) => ({
        rule: d.code,
        severity: d.severity,
        message: d.message,
        file: d.file ?? '<stdin>',
        line: d.line,
        column: d.column,
        policy: d.object ?? null,
        path: d.path ?? null,
        fix: d.fix ?? null,
      }));
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      for (const d of diagnostics) io.stdout(`${formatLintDiagnostic(d)}\n`);
    }
    return hasFindingsAtLeast(diagnostics, failOn as Severity) ? 1 : 0;
  },
};
