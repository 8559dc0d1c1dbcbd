import {
  buildModel,
  explainConnection,
  formatConnections,
  resolveEndpoint,
  type DirectionExplanation,
  type Endpoint,
  type Protocol,
} from '../../core/index.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliCommand } from '../types.ts';
import { loadForAnalysis, reportInputErrors } from './analyze.ts';

/** `443`, `443/TCP`, `UDP/53`, `53/udp`. */
export function parsePortArg(text: string): { port: number; protocol: Protocol } {
  const m = /^(?:(tcp|udp|sctp)\/)?(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || (m[1] && m[3]) || !(port >= 1 && port <= 65535))
    throw new UsageError(`--port "${text}": expected PORT or PORT/PROTOCOL, e.g. 443 or 53/UDP (port 1-65535)`);
  return { port, protocol: (m[1] ?? m[3] ?? 'TCP').toUpperCase() as Protocol };
}

const directionLine = (d: DirectionExplanation): string =>
  `  ${d.direction} of ${d.subject}: ${d.allowed ? 'allows' : 'blocks'}. ${d.reason}`;

export const command: CliCommand = {
  name: 'explain',
  summary: 'say whether one connection is allowed, and which policies and rules decide it',
  usage: `usage: netpol explain --from X --to Y [--port PORT[/PROTOCOL]] [--ipblock-matches-pods] [FILE…|DIR…|-]

X and Y are a workload of the inputs (ns/name, ns/name[Kind], or name in namespace default) or an IP
address. Prints ALLOWED or DENIED, then for each direction why: the source's egress and the
destination's ingress. A side that no policy isolates allows everything; an isolated side names the
policies that isolate it and the rule that allows the connection (ns/name spec.ingress[0].from[1]), or
says that none of their rules matches. With ClusterNetworkPolicies (or ANP/BANP), the deciding tier rule
is named first: cnp/NAME ingress[1] (Admin, priority 10): Deny; Pass hands over to the NetworkPolicies,
then the Baseline tier, then the default (allowed). Without --port, prints every connection allowed
between the two and which tier rules decide which ports.

Options:
  --from X, --to Y          the two ends (required)
  --port PORT[/PROTOCOL]    e.g. 443, 443/TCP, 53/UDP (protocol default TCP)
  --ipblock-matches-pods    let an ipBlock match pods whose IP lies in it (default: never, as np-guard)

Inputs are read as by netpol analyze (errors go to standard error; policies are analysed as written).

Exit codes: 0 answered (allowed or denied); 1 an input has errors (the answer is still printed);
2 usage or I/O error (including an unknown or ambiguous --from/--to).`,
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { from: true, to: true, port: true, 'ipblock-matches-pods': false });
    const from = flags.get('from');
    const to = flags.get('to');
    if (typeof from !== 'string' || typeof to !== 'string') throw new UsageError('--from and --to are required');
    const portArg = flags.get('port');
    const query = typeof portArg === 'string' ? parsePortArg(portArg) : {};
    const loaded = await loadForAnalysis(positionals, io);
    const hadErrors = reportInputErrors('explain', loaded, io);
    const options = { ipBlockMatchesPods: flags.has('ipblock-matches-pods') };
    const model = buildModel(loaded.input, options);
    const endpoint = (text: string, flag: string): Endpoint => {
      const e = resolveEndpoint(model, text);
      if ('error' in e) throw new UsageError(`--${flag}: ${e.error}`);
      return e;
    };
    const x = explainConnection(model, endpoint(from, 'from'), endpoint(to, 'to'), query, options);
    const what = x.port !== undefined ? ` on ${x.protocol} ${x.port}` : '';
    const out = [`${x.allowed ? 'ALLOWED' : 'DENIED'}: ${x.src} => ${x.dst}${what}`];
    if (x.port === undefined) out.push(`  allowed connections: ${formatConnections(x.conns)}`);
    if (x.loopback) out.push('  a pod can always reach itself (loopback is never subject to NetworkPolicy)');
    else out.push(directionLine(x.egress), directionLine(x.ingress));
    io.stdout(`${out.join('\n')}\n`);
    return hadErrors ? 1 : 0;
  },
};
