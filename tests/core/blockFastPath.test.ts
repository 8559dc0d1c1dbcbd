/**
 * The fast path (src/core/yaml/blockFastPath.ts) against js-yaml, its definition of correct: whenever the
 * fast path returns a value it must be the value js-yaml builds — same types, same key order — and whenever
 * js-yaml fails, the fast path must decline (so every error message and position stays js-yaml's).
 */
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBlockFastPath, positionTreeFastPath } from '../../src/core/yaml/blockFastPath.ts';
import { createLocator, PathLocator } from '../../src/core/yaml/parse.ts';
import type { FieldPath } from '../../src/core/model/types.ts';
import { splitText } from '../../src/core/yaml/documents.ts';
import { filesUnder, hasShared, readText, SEED_GUIDE, sharedPath } from './shared.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
/** Large FUZZ_RUNS (`FUZZ_RUNS=20000 npx vitest run tests/core/blockFastPath.test.ts`) need more than 5 s. */
const TIMEOUT = Math.max(5_000, RUNS * 20);

type Expected = { ok: true; value: unknown } | { ok: false };

function jsYaml(body: string): Expected {
  try {
    return { ok: true, value: load(body) };
  } catch {
    return { ok: false };
  }
}

/** Deep equality that also requires the same key order (isDeepStrictEqual ignores it). */
function sameValue(a: unknown, b: unknown): boolean {
  if (!isDeepStrictEqual(a, b)) return false;
  if (a && typeof a === 'object' && b && typeof b === 'object') {
    if (Array.isArray(a)) return (a as unknown[]).every((x, i) => sameValue(x, (b as unknown[])[i]));
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.join('\u0000') === kb.join('\u0000') && ka.every((k) => sameValue((a as never)[k], (b as never)[k]));
  }
  return true;
}

/** Undefined when the fast path agrees with js-yaml on `body` (or declines), else what went wrong. */
function disagreement(body: string): string | undefined {
  const fast = parseBlockFastPath(body);
  if (!fast) return undefined;
  const expected = jsYaml(body);
  if (!expected.ok) return `fast path accepted a document js-yaml rejects: ${JSON.stringify(body)}`;
  if (!sameValue(fast.value, expected.value))
    return `different value for ${JSON.stringify(body)}: ${JSON.stringify(fast.value)} vs ${JSON.stringify(expected.value)}`;
  return undefined;
}

/** Every path into `value` (mapping keys as strings), plus a missing key and index under each collection. */
function pathsOf(value: unknown, prefix: FieldPath = [], out: FieldPath[] = []): FieldPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    out.push([...prefix, value.length], [...prefix, 'missing']);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'missing'], [...prefix, 0]);
  }
  return out;
}

/** Undefined when the fast locator gives js-yaml's ranges for every path of `body` (or declines). */
function positionDisagreement(body: string): string | undefined {
  const fast = parseBlockFastPath(body);
  if (!fast || !positionTreeFastPath(body)) return undefined;
  const reference = new PathLocator(body);
  const locator = createLocator(body);
  for (const path of pathsOf(fast.value)) {
    const want = reference.locate(path);
    const got = locator.locate(path);
    if (want.start !== got.start || want.end !== got.end)
      return `${JSON.stringify(path)} in ${JSON.stringify(body)}: ${JSON.stringify(got)} vs js-yaml ${JSON.stringify(want)}`;
  }
  const items = (fast.value as { items?: unknown })?.items;
  if (Array.isArray(items))
    for (let i = 0; i < items.length; i++)
      for (const path of pathsOf(items[i]).slice(0, 50)) {
        const want = reference.locate(path, i);
        const got = locator.locate(path, i);
        if (want.start !== got.start || want.end !== got.end)
          return `item ${i} ${JSON.stringify(path)}: ${JSON.stringify(got)} vs js-yaml ${JSON.stringify(want)}`;
      }
  return undefined;
}

describe('fast path: hand-picked documents', () => {
  const accepted: [string, string][] = [
    ['mapping and nested mapping', 'a: 1\nb:\n  c: x\n  d: true\n'],
    ['sequence at the key column', 'from:\n- podSelector: {}\n- namespaceSelector:\n    matchLabels:\n      a: b\n'],
    ['indented sequence', 'ports:\n  - port: 80\n    protocol: TCP\n  - port: 443\n'],
    ['compact nested sequence', '- - a\n  - b\n- c\n'],
    ['comments everywhere', '# head\na: 1 # one\n  # indented comment\nb: "x # not a comment" # c\n'],
    ['quoted keys and values', `"a b": 'it''s'\n'c': "d"\n`],
    ['flow sequences', 'values: [a, "b", 1, true]\nempty: []\nnone: [ ]\n'],
    ['empty values', 'a:\nb: ~\nc: null\nd:\n- \n-\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n'],
    ['plain scalars with indicators inside', 'url: http://x:8080/a#b\ncidr: 10.0.0.0/8\nneg: -1\ndash: -x\n'],
    [
      'numbers and words as js-yaml resolves them',
      'a: 0x1F\nb: 1_000\nc: .inf\nd: yes\ne: on\nf: 1e3\ng: 0o17\nh: 007\n',
    ],
    ['keys that resolve', '1: a\ntrue: b\nnull: c\n2.50: d\n0x10: e\nFalse: f\n'],
    ['indented root', '  a: 1\n  b: 2\n'],
    ['deeper compact mapping', '-   a: 1\n    b:\n      - c\n'],
    [
      'kubectl last-applied-configuration',
      'metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","kind":"x"}\n  name: a\n',
    ],
    [
      'literal block scalars with chomping',
      'a: |-\n  x\n\n  # not a comment\nb: |+\n  y\n\n\nc: |\n   z\n  \n# comment\nd: 1\n',
    ],
    ['literal block in a sequence', '- |\n  one\n    two\n- x\n'],
  ];
  it.each(accepted)('%s: taken and equal to js-yaml, positions too', (_name, body) => {
    expect(parseBlockFastPath(body), 'declined').toBeDefined();
    expect(disagreement(body)).toBeUndefined();
    expect(positionDisagreement(body)).toBeUndefined();
  });

  const declined: [string, string][] = [
    ['anchor and alias', 'a: &x 1\nb: *x\n'],
    ['tag', 'a: !!str 1\n'],
    ['folded block scalar', 'a: >\n  text\n'],
    ['block scalar with an indentation indicator', 'a: |2\n   text\n'],
    ['block scalar without a final line break', 'a: |\n  text'],
    ['block scalar with a deeper whitespace-only line', 'a: |\n  x\n     \n  y\n'],
    ['multi-line plain scalar', 'a: one\n  two\n'],
    ['multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['escape in a double-quoted scalar', 'a: "x\\ny"\n'],
    ['duplicate key', 'a: 1\na: 2\n'],
    ['__proto__ key', '__proto__: {a: 1}\n'],
    ['merge key', '<<: {a: 1}\n'],
    ['flow mapping', 'a: {b: c}\n'],
    ['tab', 'a:\n\tb: 1\n'],
    ['lone CR', 'a: 1\rb: 2\n'],
    ['scalar root', 'just text\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['value then deeper line', 'a: 1\n  b: 2\n'],
    ['nested key on one line', 'a: b: c\n'],
    ['sequence after a scalar value', 'a: 1\n- b\n'],
    ['complex key', '? a\n: b\n'],
    ['directive', '%YAML 1.2\na: 1\n'],
    ['document marker inside', 'a: 1\n---\nb: 2\n'],
    ['BOM', '\uFEFFa: 1\n'],
    ['control character', 'a: \u0007\n'],
    ['only comments', '# nothing\n'],
    ['empty', ''],
  ];
  it.each(declined)('%s: left to js-yaml', (_name, body) => {
    expect(parseBlockFastPath(body)).toBeUndefined();
  });

  it('does not let one document leak into the next (shared scratch state is reset after a decline)', () => {
    expect(parseBlockFastPath('- a\n- b: &x 1\n')).toBeUndefined();
    expect(parseBlockFastPath('- c\n')?.value).toEqual(['c']);
  });
});

describe.skipIf(!hasShared)('fast path on the corpora', () => {
  const files = [
    ...filesUnder(sharedPath('conformance')),
    ...filesUnder(sharedPath('seed'), /\.(txt|md|ya?ml)$/),
    ...filesUnder('tests', /\.(ya?ml)$/),
  ];
  it('agrees with js-yaml on every document it takes, and takes most NetworkPolicies', () => {
    const problems: string[] = [];
    let policies = 0;
    let fastPolicies = 0;
    let positioned = 0;
    for (const file of [...files, SEED_GUIDE]) {
      for (const doc of splitText(readText(file)).documents) {
        const problem = disagreement(doc.body) ?? positionDisagreement(doc.body);
        if (problem) problems.push(`${file}: ${problem}`);
        if (/^kind: NetworkPolicy$/m.test(doc.body)) {
          policies++;
          if (parseBlockFastPath(doc.body)) fastPolicies++;
          if (positionTreeFastPath(doc.body)) positioned++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(policies).toBeGreaterThan(100);
    // The speed of reading a cluster dump depends on this; a regression that declines everything is a bug too.
    expect(fastPolicies / policies).toBeGreaterThan(0.8);
    expect(positioned / policies).toBeGreaterThan(0.8);
  });
});

// --- generated documents ------------------------------------------------------------------------------------

/** Strings that mean something else to YAML, or look like they might. */
const TRICKY = [
  '',
  ' ',
  'a b',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#x',
  '-',
  '- a',
  '-1',
  '-x',
  '+1',
  '.5',
  '0o17',
  '0x1F',
  '0b11',
  '.inf',
  '-.Inf',
  '.NaN',
  '1_000',
  '1e3',
  '1.0',
  '007',
  'null',
  'Null',
  'NULL',
  '~',
  'true',
  'True',
  'FALSE',
  'yes',
  'no',
  'on',
  'off',
  'y',
  "it's",
  'a"b',
  '"q"',
  "'q'",
  '[x]',
  '{}',
  '[]',
  'x:',
  ':x',
  '?x',
  '? x',
  'é',
  '\u00a0x',
  '@x',
  '%x',
  '!x',
  '*x',
  '&x',
  '|',
  '>',
  'a\\b',
  'x ',
  ' x',
  'a\nb',
  '2001-12-14',
  '12:30:00',
  'a\nb\n',
  'a\n\nb\n\n',
  '#x\n y\n',
  ' lead\nx\n',
  'x\n',
  '\n',
  '\nx\n',
  'x\n  \ny\n',
  '{"a":1}\n',
  'kubernetes.io/metadata.name',
  '10.0.0.0/8',
  '2001:db8::/32',
  'TCP',
  'app.kubernetes.io/name',
  '<<',
  '=',
];

const scalar = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }), fc.constantFrom('a', 'b', 'spec'));

const { value: yamlValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));

const dumpOptions = fc.record({
  indent: fc.constantFrom(2, 4),
  noArrayIndent: fc.boolean(),
  flowLevel: fc.constantFrom(-1, -1, 1, 2),
  quotingType: fc.constantFrom<"'" | '"'>("'", '"'),
  forceQuotes: fc.boolean(),
});

describe('fast path on generated documents', () => {
  it(
    'agrees with js-yaml on documents js-yaml writes',
    () => {
      let taken = 0;
      fc.assert(
        fc.property(fc.dictionary(key, yamlValue, { minKeys: 1, maxKeys: 5 }), dumpOptions, (value, options) => {
          const text = dump(value, { ...options, lineWidth: -1 });
          const problem = disagreement(text) ?? positionDisagreement(text);
          if (problem) throw new Error(problem);
          if (parseBlockFastPath(text)) taken++;
        }),
        { numRuns: RUNS },
      );
      // Not vacuous: the fast path took a good share.
      expect(taken).toBeGreaterThan(RUNS / 20);
    },
    TIMEOUT,
  );

  it(
    'agrees with js-yaml on multi-line strings (literal block scalars) that js-yaml writes',
    () => {
      const line = fc.stringMatching(/^[a-z#:{} -]{0,8}$/);
      const text = fc
        .tuple(fc.array(line, { minLength: 2, maxLength: 5 }), fc.constantFrom('', '\n', '\n\n'))
        .map(([lines, end]) => lines.join('\n') + end);
      let taken = 0;
      fc.assert(
        fc.property(text, fc.boolean(), (value, nested) => {
          const yaml = dump(nested ? { a: { b: [value, 'x'] } } : { a: value, c: 1 }, { lineWidth: -1 });
          const problem = disagreement(yaml);
          if (problem) throw new Error(problem);
          if (/[:-] \|/.test(yaml) && parseBlockFastPath(yaml)) taken++;
        }),
        { numRuns: RUNS },
      );
      expect(taken).toBeGreaterThan(RUNS / 4);
    },
    TIMEOUT,
  );

  /** Line-level damage of the kind typing causes: indentation off by one, a stray indicator, a cut line. */
  const mutation = fc.record({
    line: fc.nat(),
    kind: fc.constantFrom('indent+', 'indent-', 'insert', 'delete', 'duplicate', 'join'),
    at: fc.nat(),
    insert: fc.constantFrom(
      ': ',
      ':',
      '- ',
      '-',
      '#',
      ' #',
      "'",
      '"',
      '[',
      ']',
      '{',
      '&a ',
      '*a',
      '|',
      ' ',
      '  ',
      '\t',
    ),
  });

  function mutate(text: string, m: { line: number; kind: string; at: number; insert: string }): string {
    const lines = text.split('\n');
    const i = m.line % lines.length;
    const line = lines[i]!;
    switch (m.kind) {
      case 'indent+':
        lines[i] = ` ${line}`;
        break;
      case 'indent-':
        lines[i] = line.replace(/^ /, '');
        break;
      case 'insert': {
        const at = m.at % (line.length + 1);
        lines[i] = line.slice(0, at) + m.insert + line.slice(at);
        break;
      }
      case 'delete': {
        const at = m.at % Math.max(1, line.length);
        lines[i] = line.slice(0, at) + line.slice(at + 1);
        break;
      }
      case 'duplicate':
        lines.splice(i, 0, line);
        break;
      case 'join':
        lines.splice(i, 2, line + (lines[i + 1] ?? ''));
        break;
    }
    return lines.join('\n');
  }

  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: web
      podSelector:
        matchExpressions:
        - key: tier
          operator: In
          values: [frontend]
    ports:
    - protocol: TCP
      port: 8080
      endPort: 8090
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/8
        except: ["10.1.0.0/16"]
    ports:
    - port: 53
      protocol: UDP
`;

  it(
    'agrees with js-yaml on damaged documents (and declines whatever js-yaml rejects)',
    () => {
      expect(parseBlockFastPath(policy), 'the undamaged policy takes the fast path').toBeDefined();
      let taken = 0;
      let rejected = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          const text = mutations.reduce(mutate, policy);
          const problem = disagreement(text) ?? positionDisagreement(text);
          if (problem) throw new Error(problem);
          if (parseBlockFastPath(text)) taken++;
          if (!jsYaml(text).ok) rejected++;
        }),
        { numRuns: RUNS * 3 },
      );
      // Not vacuous: many damaged texts still take the fast path, and many are errors it had to decline.
      expect(taken).toBeGreaterThan(RUNS / 4);
      expect(rejected).toBeGreaterThan(RUNS / 10);
    },
    TIMEOUT * 3,
  );
});
