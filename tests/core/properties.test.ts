/**
 * Properties over random valid policies: read∘write is the identity after defaults, write is idempotent, the
 * graph round trip preserves meaning, and graph commands only touch the documents they edit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectGraph, read, writePolicies, type NodeRef } from '../../src/core/index.ts';
import { canonicalPolicy } from '../../src/core/format/write.ts';
import { graphToPolicies } from '../../src/core/graph/project.ts';
import { nodeId } from '../../src/core/graph/refs.ts';
import { networkPolicy, policySet, port } from './arbitraries.ts';
import { edited } from './edits.ts';
import { meaningOf } from './meaning.ts';

const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

describe('properties of the compiler', () => {
  it('generated policies are valid (the generator keeps every API-server rule)', () => {
    fc.assert(
      fc.property(networkPolicy, (p) => {
        const errors = read(writePolicies([p])).diagnostics.filter((d) => d.severity === 'error');
        expect(errors).toEqual([]);
      }),
      runs,
    );
  });

  it('read ∘ write is the identity after defaults', () => {
    fc.assert(
      fc.property(policySet, (ps) => {
        const back = read(writePolicies(ps)).policies.map((e) => e.policy);
        expect(back).toEqual(ps.map(canonicalPolicy));
      }),
      runs,
    );
  });

  it('write is idempotent', () => {
    fc.assert(
      fc.property(policySet, (ps) => {
        const once = writePolicies(ps);
        expect(writePolicies(read(once).policies.map((e) => e.policy))).toBe(once);
      }),
      runs,
    );
  });

  it('the graph round trip preserves meaning', () => {
    fc.assert(
      fc.property(policySet, (ps) => {
        const r = read(writePolicies(ps));
        expect(graphToPolicies(projectGraph(r)).map(meaningOf)).toEqual(ps.map(meaningOf));
      }),
      runs,
    );
  });
});

describe('properties of graph commands', () => {
  const pods = fc.record({
    kind: fc.constant('pods' as const),
    namespace: fc.constantFrom('default', 'shop'),
    podSelector: fc.constantFrom({}, { matchLabels: { app: 'web' } }, { matchLabels: { app: 'db' } }),
  });
  const other: fc.Arbitrary<NodeRef> = fc.oneof(
    pods,
    fc.constant({ kind: 'anywhere' as const }),
    fc.constant({ kind: 'ipBlock' as const, cidr: '10.0.0.0/8' }),
    fc.constant({ kind: 'namespacePods' as const, namespaceSelector: { matchLabels: { team: 'a' } } }),
  );

  it('connect draws the flow, disconnect removes it, and untouched documents stay byte-identical', () => {
    fc.assert(
      fc.property(
        policySet,
        pods,
        other,
        fc.array(port, { maxLength: 2 }),
        fc.boolean(),
        (ps, src, dst, ports, flip) => {
          const [source, target] = flip && dst.kind === 'pods' ? [dst, src] : [src, dst];
          const text = `# keep me\n${writePolicies(ps)}`;
          const before = read(text);
          const connected = edited(before, {
            type: 'connect',
            source,
            target,
            ports: ports.length ? ports : undefined,
          });
          const after = read(connected.text);
          expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const id = `${nodeId(source)}->${nodeId(target)}`;
          expect(projectGraph(after).edges.some((e) => e.id === id)).toBe(true);
          // Documents the command did not touch keep their text.
          let at = 0;
          for (const d of before.documents) {
            if (connected.changedDocuments.includes(d.index)) continue;
            const found = connected.text.indexOf(d.header + d.body, at);
            expect(found, `document ${d.index} kept`).toBeGreaterThanOrEqual(0);
            at = found + d.header.length + d.body.length;
          }
          const disconnected = read(edited(after, { type: 'disconnect', source, target }).text);
          expect(projectGraph(disconnected).edges.some((e) => e.id === id)).toBe(false);
          // Disconnecting never opens access: every isolated pod group stays isolated.
          const isolated = (r: typeof after) =>
            projectGraph(r)
              .nodes.filter((n) => n.isolation?.ingress || n.isolation?.egress)
              .map((n) => `${n.id} ${n.isolation!.ingress} ${n.isolation!.egress}`)
              .sort();
          expect(isolated(disconnected)).toEqual(isolated(after));
        },
      ),
      runs,
    );
  });
});
