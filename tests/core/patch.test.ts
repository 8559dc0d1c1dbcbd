/**
 * Graph edits rewrite only what they change: the comments and style of the edited policy stay (yaml/patch.ts),
 * and whenever that cannot be done exactly the document is written canonically, as before.
 */
import fc from 'fast-check';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { read, type NodeRef } from '../../src/core/index.ts';
import { edited, refusal } from './edits.ts';
import { patchDocument, sameData } from '../../src/core/yaml/patch.ts';

const POLICY = `# web accepts from the ingress controller
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: "web"  # quoted on purpose
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}   # the web tier
  policyTypes: [Ingress]
  ingress:
  - from:
    # the ingress controller
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: ingress}
    - podSelector:
        matchLabels: {app: lb}
    ports:
    - port: 8080  # the app port
`;

const pods = (app: string): NodeRef => ({ kind: 'pods', namespace: 'shop', podSelector: { matchLabels: { app } } });

describe('graph edits keep the comments and style of the policy they edit', () => {
  it('connect adds a rule and leaves the rest as written', () => {
    const out = edited(read(POLICY), {
      type: 'connect',
      source: pods('db'),
      target: pods('web'),
      ports: [{ protocol: 'TCP', port: 5432 }],
    }).text;
    expect(out).toContain('# web accepts from the ingress controller');
    expect(out).toContain('matchLabels: {app: web} # the web tier');
    expect(out).toContain('    # the ingress controller\n');
    expect(out).toContain('name: "web" # quoted on purpose');
    expect(out).toContain('- port: 8080 # the app port');
    expect(out).toContain('policyTypes: [Ingress]');
    const after = read(out);
    expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(after.policies[0]!.policy.spec?.ingress).toHaveLength(2);
  });

  it('disconnect removes one peer and keeps the comment of the other', () => {
    const out = edited(read(POLICY), { type: 'disconnect', source: pods('lb'), target: pods('web') }).text;
    expect(out).not.toContain('app: lb');
    expect(out).toContain('    # the ingress controller\n    - namespaceSelector:');
    expect(out).toContain('# the web tier');
  });

  it('kubectl-style sequences (at their key column) stay that way', () => {
    const out = edited(read(POLICY), { type: 'disconnect', source: pods('lb'), target: pods('web') }).text;
    expect(out).toMatch(/^ {2}ingress:\n {2}- from:$/m);
  });
});

describe('patchDocument', () => {
  it('changes only what differs and reads back as the new value', () => {
    const body = 'a: 1 # one\nb:\n  - x # first\n  - y\nc: {d: e}\n';
    const after = { a: 2, b: ['x', 'z', 'w'], c: { d: 'e' }, f: 'new' };
    const text = patchDocument(body, load(body), after)!;
    expect(text).toBe('a: 2 # one\nb:\n  - x # first\n  - z\n  - w\nc: {d: e}\nf: new\n');
    expect(load(text)).toEqual(after);
  });

  it('declines when the two parsers would not read the document alike, or the value is not a mapping', () => {
    expect(patchDocument('a: 1\n', { a: 2 }, { a: 3 })).toBeUndefined(); // `before` is not what the text says
    expect(patchDocument('- 1\n', [1], [2])).toBeUndefined();
  });

  it('whatever the edit, the text reads back as the new value (or the patch declines), comments kept', () => {
    let patched = 0;
    const value = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'spec'),
      fc.oneof(
        fc.integer(),
        fc.constantFrom('x', 'y: z', '#', '1', 'true', ''),
        fc.array(fc.integer(), { maxLength: 3 }),
      ),
      { minKeys: 1, maxKeys: 4 },
    );
    fc.assert(
      fc.property(value, value, (before, after) => {
        const body = `# head\n${Object.entries(before)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)} # about ${k}`)
          .join('\n')}\n`;
        const parsed = load(body);
        const text = patchDocument(body, parsed, after);
        if (text === undefined) return;
        patched++;
        expect(sameData(load(text), after)).toBe(true);
        // Comments of keys that stay are kept.
        for (const k of Object.keys(after)) if (Object.hasOwn(before, k)) expect(text).toContain(`# about ${k}`);
      }),
      { numRuns: 500 },
    );
    expect(patched).toBeGreaterThan(250);
  });
});

describe('replacePolicy (quick fixes)', () => {
  it('replaces a policy in its own document, keeping the comments of what did not change', () => {
    const before = read(POLICY);
    const policy = structuredClone(before.policies[0]!.policy);
    policy.spec!.ingress![0]!.from!.pop(); // drop the podSelector peer
    const out = edited(before, { type: 'replacePolicy', policy: 'shop/web', with: policy }).text;
    expect(out).toContain('# web accepts from the ingress controller');
    expect(out).toContain('    # the ingress controller\n');
    expect(out).not.toContain('app: lb');
    expect(read(out).policies[0]!.policy).toEqual(policy);
  });

  it('replaces an item of a List, and only that item', () => {
    const list = `apiVersion: v1
kind: List
items:
# first
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: a, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Ingress]}
# second
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: b, namespace: shop}
  spec: {podSelector: {}, policyTypes: [Ingress]}
`;
    const before = read(list);
    const b = structuredClone(before.policies[1]!.policy);
    b.spec!.policyTypes = ['Ingress', 'Egress'];
    const out = edited(before, { type: 'replacePolicy', policy: 'shop/b', with: b }).text;
    const after = read(out);
    expect(after.policies.map((p) => p.policy)).toEqual([before.policies[0]!.policy, b]);
    expect(out).toContain('# first');
    expect(out).toContain('# second');
  });

  it('names a policy that is not there', () => {
    const before = read(POLICY);
    expect(refusal(before, { type: 'replacePolicy', policy: 'shop/nope', with: before.policies[0]!.policy })).toBe(
      'no policy shop/nope',
    );
  });
});
