/** Test helpers for the linter: YAML snippets with a `# <-` marker on the line a finding must point at. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lint, type LintOptions } from '../../src/core/lint/index.ts';
import { read } from '../../src/core/read/read.ts';
import type { Diagnostic } from '../../src/core/model/types.ts';

export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const hasShared = existsSync(SHARED);

/** A NetworkPolicy document: `spec` is YAML indented by two spaces under `spec:`. */
export function np(name: string, spec: string, namespace = 'app'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec.replace(/^\n/, '').replace(/\s+$/, '')}
`;
}

export const doc = (...parts: string[]): string => parts.join('---\n');

export function deployment(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ports = '',
  hostNetwork = false,
): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `        ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector: {}
  template:
    metadata:
      labels:
${l}
    spec:
      hostNetwork: ${hostNetwork}
      containers:
        - name: main
          image: x
${ports ? `          ports:\n${ports}` : ''}
`;
}

export function namespace(name: string, labels: Record<string, string> = {}): string {
  const entries = Object.entries(labels);
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
${entries.length ? `  labels:\n${entries.map(([k, v]) => `    ${k}: "${v}"`).join('\n')}\n` : ''}`;
}

/** 1-based line of the `# <-` marker. */
export function markerLine(text: string): number {
  const i = text.split('\n').findIndex((l) => l.includes('# <-'));
  if (i < 0) throw new Error('no # <- marker in the snippet');
  return i + 1;
}

export function lintText(text: string, options: LintOptions = {}): Diagnostic[] {
  return lint(read(text, { file: 'test.yaml' }), options);
}
