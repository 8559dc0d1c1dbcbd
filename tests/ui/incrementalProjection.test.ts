/**
 * The edit path is incremental (issue #15): the derive worker re-checks only the documents an edit changed (the
 * read's per-object cache), re-projects only the policies it changed (ProjectionMemo), and sends only the graph
 * items that differ from the last ones sent, told by `sameContent` (wire.ts). None of that may change what is
 * drawn: after every text of a random editing session — documents typed over, added, removed, moved, made
 * duplicate or wrongly typed — the page's decoded projection is, to the byte of its JSON, what a fresh read and
 * projection of that text give.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpObject, projectGraph, read, sameContent } from '../../src/core/index.ts';
import { Deriver } from '../../src/ui/derive/derivation.ts';
import { WireReceiver, WireSender } from '../../src/ui/derive/wire.ts';
import { networkPolicy } from '../core/arbitraries.ts';
import { mutatedText } from '../hostile/fuzzArbitraries.ts';

/** A pool of documents (policies, some wrongly typed) and a session: each text is a choice of them, in order. */
const session = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: networkPolicy.map((p) => dumpObject(p)) },
        { weight: 1, arbitrary: mutatedText },
        // Headers and bodies of every shape: a directive, comments, an empty document, content on the marker line.
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '%YAML 1.2\n---\nkind: Namespace\napiVersion: v1\nmetadata: {name: shop}\n',
            '# only a comment\n',
            '',
            '--- {kind: Namespace, apiVersion: v1, metadata: {name: data}}\n',
            'kind: ConfigMap\n...\n# trailer\n',
          ),
        },
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.array(fc.array(fc.nat(), { maxLength: 8 }), { minLength: 2, maxLength: 6 }),
  )
  .map(([pool, picks]) => picks.map((pick) => pick.map((i) => pool[i % pool.length]!).join('---\n')));

describe('incremental projection', () => {
  it('draws, and sends to the page, exactly what a fresh read and projection of each text give', () => {
    fc.assert(
      fc.property(session, (texts) => {
        const deriver = new Deriver();
        const sender = new WireSender();
        const receiver = new WireReceiver();
        for (const text of texts) {
          const fresh = read(text);
          const projection = deriver.project(text, true);
          expect(projection.result.diagnostics).toEqual(fresh.diagnostics);
          const want = JSON.stringify(projectGraph(fresh));
          expect(JSON.stringify(projection.graph)).toBe(want);
          const decoded = receiver.decode(structuredClone(sender.encode(projection)), text);
          expect(decoded.result.documents).toEqual(fresh.documents);
          expect(JSON.stringify(decoded.graph)).toBe(want);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('incremental projection of a Markdown guide', () => {
  it('sends the operator guide, and an edit of it, as a fresh read gives them', () => {
    const guide = readFileSync(resolve(process.cwd(), '../shared/seed/000_243ac29d2f9b99da.txt'), 'utf8');
    const deriver = new Deriver();
    const sender = new WireSender();
    const receiver = new WireReceiver();
    for (const text of [guide, guide.replace('app: provider', 'app: providers'), guide]) {
      const fresh = read(text);
      const decoded = receiver.decode(structuredClone(sender.encode(deriver.project(text, true))), text);
      expect(decoded.result.documents).toEqual(fresh.documents);
      expect(JSON.stringify(decoded.graph)).toBe(JSON.stringify(projectGraph(fresh)));
    }
  });
});

describe('sameContent', () => {
  it('is equality of JSON texts, for plain data', () => {
    const data = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(
      fc.property(data, data, (a, b) => {
        expect(sameContent(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(sameContent(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('counts a key whose value is undefined as absent, and key order as JSON does', () => {
    expect(sameContent({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameContent({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameContent([1, [2, { c: 'x' }]], [1, [2, { c: 'x' }]])).toBe(true);
    expect(sameContent([1], { 0: 1 })).toBe(false);
    expect(sameContent(null, {})).toBe(false);
  });
});
