import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinDocuments, read, splitText } from '../../src/core/index.ts';

describe('splitText', () => {
  it.each([
    ['a: 1\n', ['a: 1\n']],
    ['a: 1\n---\nb: 2\n', ['a: 1\n', 'b: 2\n']],
    ['---\na: 1\n---\nb: 2\n', ['a: 1\n', 'b: 2\n']],
    ['# lead comment\n---\na: 1\n', ['a: 1\n']],
    ['a: 1\n...\n---\nb: 2', ['a: 1\n', '', 'b: 2']],
    ['a: |\n  ---\n  x\n', ['a: |\n  ---\n  x\n']], // an indented --- is content, not a marker
    ['a: "---"\n', ['a: "---"\n']],
    ['--- {a: 1}\n', [' {a: 1}\n']],
    ['a: 1\r\n---\r\nb: 2\r\n', ['a: 1\r\n', 'b: 2\r\n']],
  ])('%j', (text, bodies) => {
    const { documents } = splitText(text, 'yaml');
    expect(documents.map((d) => d.body)).toEqual(bodies);
    expect(joinDocuments(documents)).toBe(text);
  });

  it('reassembles any text byte for byte', () => {
    const line = fc.oneof(fc.constantFrom('---', '...', '--- x', '---x', '# c', 'a: 1', '  - b', ''), fc.string());
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, nl) => {
        const text = lines.join(nl);
        const split = splitText(text);
        expect(joinDocuments(split.documents, split.trailer)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the YAML fences of a Markdown guide, keeping the prose around them', () => {
    const md = '# Guide\n\nSome prose.\n\n```yaml\na: 1\n---\nb: 2\n```\n\nMore.\n\n```yaml\nc: 3\n```\nEnd.\n';
    const split = splitText(md);
    expect(split.format).toBe('markdown');
    expect(split.documents.map((d) => d.body)).toEqual(['a: 1\n', 'b: 2\n', 'c: 3\n']);
    expect(split.documents.map((d) => d.startLine)).toEqual([5, 7, 13]);
    expect(joinDocuments(split.documents, split.trailer)).toBe(md);
  });

  it('does not mistake a YAML stream for Markdown', () => {
    expect(splitText('apiVersion: v1\nkind: ConfigMap\ndata:\n  x: |\n    ```yaml\n    a: 1\n    ```\n').format).toBe(
      'yaml',
    );
  });
});

describe('read', () => {
  it('positions a syntax error at its line in the whole file and keeps the other documents', () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: NetworkPolicy\nspec: [\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';
    const r = read(text, { file: 'x.yaml' });
    const syntax = r.diagnostics.filter((d) => d.code === 'yaml-syntax');
    expect(syntax).toHaveLength(1);
    expect(syntax[0]!.line).toBeGreaterThanOrEqual(6);
    expect(syntax[0]!.line).toBeLessThanOrEqual(7);
    expect(syntax[0]!.file).toBe('x.yaml');
    expect(r.inventory.namespaces.map((n) => n.name)).toEqual(['a', 'b']);
  });

  it('reads List and typed lists whose items lack kind', () => {
    const text = `apiVersion: v1
kind: NetworkPolicyList
items:
- metadata: {name: p1, namespace: x}
  spec: {podSelector: {}}
---
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x, labels: {team: a}}}
- {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: p2, namespace: x}, spec: {podSelector: {}}}
---
kind: PodList
items:
- metadata: {name: web-1, namespace: x, labels: {app: web}, ownerReferences: [{kind: ReplicaSet, name: web-rs, controller: true}]}
  spec: {containers: [{name: c, ports: [{containerPort: 80, name: http}]}]}
`;
    const r = read(text);
    expect(r.policies.map((p) => p.key)).toEqual(['x/p1', 'x/p2']);
    expect(r.policies[0]!.source).toEqual({ doc: 0, item: 0 });
    expect(r.inventory.namespaces).toEqual([
      { name: 'x', labels: { team: 'a', 'kubernetes.io/metadata.name': 'x' }, source: { doc: 1, item: 0 } },
    ]);
    expect(r.inventory.workloads[0]).toMatchObject({
      namespace: 'x',
      name: 'web-rs',
      kind: 'ReplicaSet',
      ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
    });
  });

  it('keeps other kinds untouched and reports template parameters as such', () => {
    const text = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: t
  namespace: tenant-{{TENANT}}
spec:
  podSelector: {}
  egress:
  - to: [{ipBlock: {cidr: "{{CIDR}}"}}]
`;
    const r = read(text);
    expect(r.others.map((o) => o.object.kind)).toEqual(['ServiceMonitor']);
    expect(r.policies[0]!.templateParams).toEqual(['TENANT', 'CIDR']);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const params = r.diagnostics.filter((d) => d.code === 'template-param');
    expect(params.map((d) => [d.line, d.path])).toEqual([
      [9, 'metadata.namespace'],
      [13, 'spec.egress[0].to[0].ipBlock.cidr'],
    ]);
  });

  it('positions a validation error on the offending node', () => {
    const text = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 70000
`;
    const d = read(text, { file: 'f.yaml' }).diagnostics.find((x) => x.severity === 'error')!;
    expect(d).toMatchObject({ line: 9, column: 13, object: 'x/p', path: 'spec.ingress[0].ports[0].port' });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = read(text);
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
