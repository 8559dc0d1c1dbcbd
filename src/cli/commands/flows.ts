import { checkFlows, proposePolicies, type FlowCapture } from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { readFlowCapture, reportFlowErrors, takeListFlags } from '../flowInput.ts';
import { UsageError, type CliCommand, type CliIO } from '../types.ts';
import { loadForAnalysis, reportInputErrors } from './analyze.ts';

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function skippedText(capture: FlowCapture, omit: string[] = []): string {
  const entries = Object.entries(capture.skipped)
    .filter(([k]) => !omit.includes(k))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return entries.map(([k, n]) => `${n} ${k === 'reply' ? (n === 1 ? 'reply' : 'replies') : k}`).join(', ');
}

const USAGE = `usage: netpol flows propose FLOWS… [--merge PATH…]
       netpol flows check FLOWS… --policies PATH… [--ipblock-matches-pods]

FLOWS are Hubble flow logs (hubble observe -o jsonpb, or the Hubble exporter's files): one JSON object
per line, {"flow": {…}} or a bare flow; proto (snake_case) or lowerCamelCase field names; - for standard
input. They are read line by line, so logs of any size stream. Replies, socket events, ICMP, and flows
with a node or Cilium identity (reserved:host, remote-node, health…) are skipped and counted.

propose  prints NetworkPolicies that allow exactly the observed connections: one policy per pod class
         (namespace + Hubble identity labels), isolated both ways, one rule per observed peer with the
         observed ports, a comment above each rule naming the flows that justify it; a default deny per
         namespace touched (egress to kube-system/k8s-app=kube-dns on 53 kept, so DNS keeps working).
         --merge PATH…  existing policies (and workloads): propose only the rules they do not already
         allow, direction by direction, and no default deny.
check    prints, per distinct observed connection (and per dropped one), whether the policies of
         --policies PATH… allow it and which rule decides:
           ALLOWED src -> dst PORT/PROTO (VERDICTS, N flows): allowed by …
           DENIED  src -> dst PORT/PROTO (VERDICTS, N flows): <policies> isolate egress of …, no rule matches
           DROPPED src -> dst PORT/PROTO (N flows, dropped at INGRESS): the policies deny it too

Exit codes: propose 0, check 0 when nothing that went through would be denied; 1 a DENIED line (check)
or an invalid flow line (FILE:LINE: error: …, the rest is still used); 2 usage or I/O error.`;

async function propose(args: string[], io: CliIO): Promise<number> {
  const { rest, lists } = takeListFlags(args, ['merge']);
  const { positionals } = parseArgs(rest, {});
  const capture = await readFlowCapture(positionals, io);
  const bad = reportFlowErrors(capture, io);
  const mergePaths = lists.get('merge');
  if (mergePaths && mergePaths.length === 0) throw new UsageError('--merge needs at least one PATH');
  let merge;
  if (mergePaths) {
    const loaded = await loadForAnalysis(mergePaths, io);
    reportInputErrors('flows propose', loaded, io);
    merge = loaded.input;
  }
  const proposal = proposePolicies(capture, merge ? { merge } : {});
  io.stdout(proposal.text);
  io.stderr(
    `${plural(capture.flows, 'flow')} read, ${plural(proposal.observed.length, 'observed connection')} between ${plural(capture.classes.length, 'class', 'classes')}` +
      (merge
        ? `, ${plural(proposal.policies.length, 'policy', 'policies')} proposed for what the existing policies do not allow`
        : '') +
      '\n',
  );
  const skipped = skippedText(capture);
  if (skipped) io.stderr(`skipped: ${skipped}\n`);
  for (const n of proposal.notes) io.stderr(`${n}\n`);
  return bad ? 1 : 0;
}

async function check(args: string[], io: CliIO): Promise<number> {
  const { rest, lists } = takeListFlags(args, ['policies']);
  const { positionals, flags } = parseArgs(rest, { 'ipblock-matches-pods': false });
  const policyPaths = lists.get('policies');
  if (!policyPaths || policyPaths.length === 0) throw new UsageError('--policies PATH… is required');
  const capture = await readFlowCapture(positionals, io);
  const loaded = await loadForAnalysis(policyPaths, io);
  reportInputErrors('flows check', loaded, io);
  const bad = reportFlowErrors(capture, io);
  const result = checkFlows(capture, loaded.input, { ipBlockMatchesPods: flags.has('ipblock-matches-pods') });
  io.stdout(result.lines.map((l) => `${l.text}\n`).join(''));
  io.stdout(`${result.summary}\n`);
  return result.denied > 0 || bad ? 1 : 0;
}

export const command: CliCommand = {
  name: 'flows',
  summary:
    'observed traffic (Hubble flow logs) → least-privilege policies (propose), or checked against policies (check)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'propose') return propose(rest, io);
    if (sub === 'check') return check(rest, io);
    throw new UsageError(sub ? `unknown subcommand "${sub}" (propose or check)` : 'propose or check is required');
  },
};
