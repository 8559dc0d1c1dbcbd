/**
 * Nothing lost: unknown fields at every level, other kinds of documents, comments and documents with syntax
 * errors survive fmt and graph edits (unchanged when the edit is elsewhere).
 */
import { describe, expect, it } from 'vitest';
import { read, type GraphCommand } from '../../src/core/index.ts';
import { formatText } from '../../src/core/format/write.ts';
import { edited } from '../core/edits.ts';

/** A policy with an unknown field at every level the tool knows. */
const UNKNOWN_EVERYWHERE = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
x-top: {keep: top}
metadata:
  name: web
  namespace: shop
  x-meta: [1, 2]
  labels: {app: web}
  annotations: {note: "keep me"}
spec:
  x-spec: spec
  podSelector:
    matchLabels: {app: web}
    x-selector: sel
    matchExpressions:
      - {key: tier, operator: In, values: [a], x-expr: expr}
  policyTypes: [Ingress, Egress]
  ingress:
    - x-rule: rule
      from:
        - x-peer: peer
          podSelector: {matchLabels: {app: client}, x-peer-selector: ps}
          namespaceSelector: {matchLabels: {team: a}, x-ns-selector: ns}
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16], x-ipblock: ib}
      ports:
        - {protocol: TCP, port: 80, x-port: port}
  egress:
    - to: [{podSelector: {}}]
      ports: [{port: 53, protocol: UDP, x-egress-port: 53}]
status: {dropped: true}
`;

/** Every `x-…` key in a parsed value with its value, as `path=json` lines. */
function unknownFields(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k.startsWith('x-') ? [`${path}.${k}=${JSON.stringify(v)}`] : []),
    ...unknownFields(v, `${path}.${k}`),
  ]);
}

const policyValue = (text: string) => read(text).policies[0]!.policy;

const web = { kind: 'pods' as const, namespace: 'shop', podSelector: { matchLabels: { app: 'web' } } };

describe('unknown fields', () => {
  const expected = unknownFields(policyValue(UNKNOWN_EVERYWHERE));

  it('are all found by the test (sanity)', () => {
    expect(expected).toHaveLength(12);
  });

  it('survive fmt at every level (status, server-populated, is the one field fmt drops)', () => {
    const out = formatText(UNKNOWN_EVERYWHERE);
    expect(unknownFields(policyValue(out)).sort()).toEqual([...expected].sort());
    expect(out).not.toContain('dropped');
    expect(formatText(out)).toBe(out);
  });

  it.each<[string, GraphCommand]>([
    ['connect', { type: 'connect', source: { kind: 'ipBlock', cidr: '192.168.0.0/16' }, target: web }],
    ['setIsolation', { type: 'setIsolation', target: web, direction: 'egress', isolated: false }],
  ])('survive a graph edit of the policy itself (%s)', (_, command) => {
    const out = edited(read(UNKNOWN_EVERYWHERE), command).text;
    const after = unknownFields(policyValue(out));
    // Every unknown field stays, and none is invented.
    expect(expected.filter((f) => !after.includes(f))).toEqual([]);
    expect(after.filter((f) => !expected.includes(f))).toEqual([]);
  });
});

/** A stream with a policy to edit in the middle of documents the user did not touch. */
const STREAM = `# Cluster policies — maintained by hand
# (this comment is the header of the first document)
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}   # trailing comment
data:
  config.yaml: |
    # not a YAML comment: block scalar content
    a:   1
---
# An unparsable document, kept as written
apiVersion: v1
kind: Secret
metadata: {name: broken
  namespace: [shop
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web   # the policy we edit
  namespace: shop
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec: {group: example.com, names: {kind: Widget, plural: widgets}, scope: Namespaced, versions: []}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Service, metadata: {name: svc, namespace: shop}}   # a Service in a List
  - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {team: a}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: other, namespace: shop}   # a policy we do not edit
spec:
  podSelector: {matchLabels: {app: other}}   # odd    spacing
  policyTypes: [Egress]
...
# trailing comment after the end marker
`;

describe('keys that look like document markers', () => {
  it.each(['--- x', '...', '--- ', '---'])('an unknown top-level key %j survives fmt, idempotently', (key) => {
    const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: d}\nspec: {podSelector: {}}\n${JSON.stringify(key)}: kept\n`;
    const once = formatText(text);
    expect(read(once).documents).toHaveLength(1);
    expect((read(once).documents[0]!.value as Record<string, unknown>)[key]).toBe('kept');
    expect(formatText(once)).toBe(once);
  });
});

describe('documents the user did not edit', () => {
  const r = read(STREAM);

  it('the stream reads as expected (sanity)', () => {
    // The comment after `...` is a document of its own (comments only).
    expect(r.documents).toHaveLength(7);
    expect(r.documents[1]!.syntaxError).toBe(true);
    expect(r.policies.map((p) => p.key)).toEqual(['shop/web', 'shop/other']);
  });

  it.each<[string, GraphCommand]>([
    [
      'connect',
      { type: 'connect', source: { kind: 'anywhere' }, target: web, ports: [{ protocol: 'TCP', port: 8080 }] },
    ],
    ['setIsolation', { type: 'setIsolation', target: web, direction: 'egress', isolated: true }],
    ['removePolicy', { type: 'removePolicy', policy: 'shop/web' }],
    [
      'addPodGroup',
      {
        type: 'addPodGroup',
        namespace: 'shop',
        podSelector: { matchLabels: { app: 'new' } },
        isolate: { ingress: true, egress: false },
      },
    ],
  ])('keep their text, comments included, byte for byte through a graph edit (%s)', (_, command) => {
    const result = edited(r, command);
    let at = 0;
    for (const d of r.documents) {
      if (result.changedDocuments.includes(d.index)) continue;
      const found = result.text.indexOf(d.header + d.body, at);
      expect(found, `document ${d.index} kept verbatim`).toBeGreaterThanOrEqual(0);
      at = found + d.header.length + d.body.length;
    }
    // Only the edited policy's document changes (or none, when the command adds a new one).
    expect(result.changedDocuments.every((i) => i === 2)).toBe(true);
    expect(result.text.startsWith('# Cluster policies — maintained by hand\n')).toBe(true);
    expect(result.text).toContain('# trailing comment after the end marker');
  });

  it('keep their text through fmt, the syntax error included (fmt rewrites policies only)', () => {
    const out = formatText(STREAM);
    for (const d of r.documents) {
      if (r.policies.some((p) => p.source.doc === d.index)) continue;
      expect(out, `document ${d.index}`).toContain(d.body.trimEnd());
    }
    // The broken document stays broken, visibly, rather than disappearing.
    expect(read(out).documents.some((d) => d.syntaxError)).toBe(true);
  });

  it('a graph edit on a stream whose only other document is broken keeps that document verbatim', () => {
    const text = `${'metadata: {name: [unclosed\n'}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: default}\nspec: {podSelector: {}}\n`;
    const out = edited(read(text), {
      type: 'setIsolation',
      target: { kind: 'pods', namespace: 'default', podSelector: {} },
      direction: 'egress',
      isolated: true,
    }).text;
    expect(out.startsWith('metadata: {name: [unclosed\n---\n')).toBe(true);
  });
});

describe('Markdown guides', () => {
  const guide = `# Tenant isolation\n\nApply this first:\n\n\`\`\`yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: t1}\nspec: {podSelector: {}}\n\`\`\`\n\nThen **this**:\n\n\`\`\`yaml\n# a comment\napiVersion: v1\nkind: Namespace\nmetadata: {name: t1}\n\`\`\`\n\nThe end.\n`;

  it('keep their prose and untouched fences through a graph edit', () => {
    const out = edited(read(guide), {
      type: 'setIsolation',
      target: { kind: 'pods', namespace: 't1', podSelector: {} },
      direction: 'egress',
      isolated: true,
    }).text;
    for (const prose of [
      '# Tenant isolation\n\nApply this first:\n\n```yaml\n',
      '```\n\nThen **this**:\n\n```yaml\n# a comment\napiVersion: v1\nkind: Namespace\nmetadata: {name: t1}\n',
      // A new policy document goes at the end of the last fence, before the closing prose.
      '```\n\nThe end.\n',
    ])
      expect(out).toContain(prose);
  });
});
