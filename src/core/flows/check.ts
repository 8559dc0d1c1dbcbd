/**
 * `netpol flows check` (docs/flows.md §4): each distinct observed connection, and each DROPPED group, asked
 * of the analysis engine with the flow's own endpoints. A connection that went through (or was audited) but
 * that the policies deny is a finding: rolling the policies out would break it.
 */
import { buildModel, type AnalysisInput, type AnalysisOptions } from '../analysis/model.ts';
import { explainConnection, type ConnectionExplanation } from '../analysis/explain.ts';
import { decidedBy } from './decide.ts';
import { flowEndpoint, type ContainerPortsLookup } from './endpoints.ts';
import type { FlowCapture, FlowGroup } from './read.ts';

export type CheckStatus = 'ALLOWED' | 'DENIED' | 'DROPPED';

export interface CheckLine {
  status: CheckStatus;
  group: FlowGroup;
  /** Whether the policies allow the connection (for DROPPED too). */
  allowed: boolean;
  /** What decides (the rule of each side, or the side that denies). */
  decidedBy: string;
  text: string;
  /** The engine's explanation (the rules of each side that match), for the designer's overlay. */
  explanation: ConnectionExplanation;
}

export interface CheckResult {
  lines: CheckLine[];
  summary: string;
  /** A passed connection the policies deny. */
  denied: number;
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Checks a capture against policies (and the inventory they are read with). */
export function checkFlows(
  capture: FlowCapture,
  input: AnalysisInput,
  options: AnalysisOptions = {},
  lookup?: ContainerPortsLookup,
): CheckResult {
  const model = buildModel(input, options);
  const lines: CheckLine[] = capture.groups.map((g) => {
    const src = flowEndpoint(g.source, input, lookup);
    const dst = flowEndpoint(g.destination, input, lookup);
    const x = explainConnection(model, src, dst, { port: g.port, protocol: g.protocol }, options);
    const why = decidedBy(x);
    const what = `${g.src} -> ${g.dst} ${g.port}/${g.protocol}`;
    const flows = plural(g.flows, 'flow');
    let status: CheckStatus;
    let text: string;
    if (!g.passed) {
      status = 'DROPPED';
      const at = g.dropDirections.length ? `, dropped at ${g.dropDirections.join('+')}` : '';
      text = `DROPPED ${what} (${flows}${at}): ${x.allowed ? `the policies ALLOW it (${why})` : 'the policies deny it too'}`;
    } else {
      status = x.allowed ? 'ALLOWED' : 'DENIED';
      text = `${status.padEnd(7)} ${what} (${g.verdicts.join('+')}, ${flows}): ${why}`;
    }
    return { status, group: g, allowed: x.allowed, decidedBy: why, text, explanation: x };
  });
  const count = (s: CheckStatus) => lines.filter((l) => l.status === s).length;
  const droppedAllowed = lines.filter((l) => l.status === 'DROPPED' && l.allowed).length;
  const skipped = Object.entries(capture.skipped).filter(([k]) => k !== 'DROPPED');
  const skippedTotal = skipped.reduce((a, [, n]) => a + n, 0);
  const summary =
    `flows check: ${plural(lines.length, 'connection')} from ${plural(capture.flows, 'flow')}: ` +
    `${count('ALLOWED')} allowed, ${count('DENIED')} denied, ${count('DROPPED')} dropped (${droppedAllowed} allowed by the policies)` +
    (skippedTotal
      ? `; ${plural(skippedTotal, 'flow')} skipped (${skipped.map(([k, n]) => `${n} ${k === 'reply' && n !== 1 ? 'replies' : k}`).join(', ')})`
      : '');
  return { lines, summary, denied: count('DENIED') };
}
