import {
  analyzeConnectivity,
  CONNLIST_FORMATS,
  focusConnectivity,
  formatConnlist,
  type AnalysisInput,
  type ConnlistFormat,
  policyKey,
  type Diagnostic,
  type PolicyEntry,
  type AdminPolicyEntry,
  undecidableAdminPeers,
} from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { readAll } from '../inputs.ts';
import { UsageError, type CliCommand, type CliIO } from '../types.ts';
import { formatDiagnostic } from './validate.ts';

export interface LoadedForAnalysis {
  input: AnalysisInput;
  /** Error diagnostics of all inputs (YAML syntax errors, what the API server would reject). */
  errors: Diagnostic[];
  /** Assumptions the analysis makes (peers that cannot be decided from manifests): printed, exit code unchanged. */
  warnings: Diagnostic[];
}

/**
 * Reads every input and merges policies and inventory. Policies are analysed as written, even when the API
 * server would reject them (as np-guard does: a bad name does not change what a policy means; an invalid
 * peer, such as `{}` or an ipBlock with a selector, selects nothing). A later policy with the same
 * namespace/name replaces an earlier one, as `kubectl apply` does.
 */
export async function loadForAnalysis(paths: string[], io: CliIO): Promise<LoadedForAnalysis> {
  const results = await readAll(paths, io);
  const byKey = new Map<string, PolicyEntry>();
  for (const r of results)
    for (const entry of r.policies) {
      const key = policyKey(entry.policy);
      byKey.delete(key);
      byKey.set(key, { ...entry, key });
    }
  // Cluster-scoped policies: a later one of the same kind and name replaces an earlier one.
  const adminByKey = new Map<string, AdminPolicyEntry>();
  for (const r of results)
    for (const entry of r.adminPolicies) {
      const key = entry.key.replace(/#\d+$/, '');
      adminByKey.delete(key);
      adminByKey.set(key, { ...entry, key });
    }
  return {
    input: {
      policies: [...byKey.values()],
      adminPolicies: [...adminByKey.values()],
      inventory: {
        namespaces: results.flatMap((r) => r.inventory.namespaces),
        workloads: results.flatMap((r) => r.inventory.workloads),
      },
    },
    errors: results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error')),
    warnings: results.flatMap((r) => undecidableAdminPeers(r)),
  };
}

/** Prints input errors to stderr; returns whether there were any. */
export function reportInputErrors(name: string, loaded: LoadedForAnalysis, io: CliIO): boolean {
  for (const d of loaded.errors) io.stderr(`${formatDiagnostic(d)}\n`);
  for (const d of loaded.warnings) io.stderr(`${formatDiagnostic(d)}\n`);
  if (loaded.errors.length)
    io.stderr(`netpol ${name}: the input has errors; the result is what the policies mean as written\n`);
  return loaded.errors.length > 0;
}

export const command: CliCommand = {
  name: 'analyze',
  summary: 'list the connections the policies allow between workloads and external addresses (np-guard connlist)',
  usage: `usage: netpol analyze [--format txt|json|csv|md|dot] [--ipblock-matches-pods] [--focus-workload W[,W…]]
                      [FILE…|DIR…|-]

Reads NetworkPolicies and the cluster's resources (Namespaces, Pods, Deployments, ReplicaSets,
StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers; folders recursively: .yaml, .yml,
.json; multi-document files and List kinds) and prints every allowed connection, as np-guard's
connlist does:
  SRC => DST : CONNECTIONS
  default/frontend[Deployment] => default/backend[Deployment] : TCP 8080
  0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : All Connections
Workloads print as ns/name[Kind] (a Pod owned by a controller as its owner); external addresses as
ranges cut at the edges of the ipBlocks of the direction concerned; connections as "All Connections"
or per protocol (SCTP, TCP, UDP) port ranges. Lines with no connection, a workload to itself, and
external to external are left out. A connection needs both the source's egress and the destination's
ingress to allow it; named ports resolve on the destination's container ports.

Options:
  --format F               txt (default), json, csv, md or dot
  --ipblock-matches-pods   let an ipBlock match pods whose IP (status.podIP) lies in it, as the upstream
                           e2e tests assume; by default an ipBlock never selects a pod (np-guard's convention)
  --focus-workload W[,W…]  only connections from or to these workloads (name, ns/name or ns/name[Kind])

Invalid input: errors are printed to standard error (FILE:LINE:COL: error: …, as netpol validate) and
the exit code is 1, but the connections are still listed: policies are analysed as written (a bad name
does not change their meaning; an invalid peer such as {} selects nothing; a document with a YAML
syntax error is skipped). A later policy with the same namespace/name replaces an earlier one, as
kubectl apply does.

Exit codes: 0 ok; 1 an input has errors; 2 usage or I/O error.`,
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, {
      format: true,
      'ipblock-matches-pods': false,
      'focus-workload': true,
    });
    const format = (flags.get('format') ?? 'txt') as string;
    if (!CONNLIST_FORMATS.includes(format as ConnlistFormat))
      throw new UsageError(`unknown format "${format}" (use ${CONNLIST_FORMATS.join(', ')})`);
    const loaded = await loadForAnalysis(positionals, io);
    const hadErrors = reportInputErrors('analyze', loaded, io);
    let result = analyzeConnectivity(loaded.input, { ipBlockMatchesPods: flags.has('ipblock-matches-pods') });
    const focus = flags.get('focus-workload');
    if (typeof focus === 'string')
      result = focusConnectivity(
        result,
        focus
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean),
      );
    io.stdout(formatConnlist(result, format as ConnlistFormat));
    return hadErrors ? 1 : 0;
  },
};
