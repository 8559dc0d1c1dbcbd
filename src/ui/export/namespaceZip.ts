/**
 * The "zip per namespace" export: one file per namespace with its Namespace object and its policies (canonical),
 * and the cluster-scoped policies and unrelated objects in `other-objects.yaml`, exactly as read. Zipped with fflate (the
 * one zip library; the share link deflates with it too).
 */
import { strToU8, zipSync } from 'fflate';
import { dumpObject, policyNamespace, writePolicies, type ReadResult } from '../../core/index.ts';

export function filesPerNamespace(result: ReadResult): { fileName: string; text: string }[] {
  const byNamespace = new Map<string, string[]>();
  const add = (namespace: string, text: string) => {
    const list = byNamespace.get(namespace) ?? [];
    list.push(text);
    byNamespace.set(namespace, list);
  };
  for (const ns of result.inventory.namespaces) {
    const doc = ns.source ? result.documents[ns.source.doc]?.value : undefined;
    const value =
      ns.source?.item !== undefined ? (doc as { items?: unknown[] } | undefined)?.items?.[ns.source.item] : doc;
    if (value) add(ns.name, dumpObject(value));
  }
  for (const entry of result.policies) add(policyNamespace(entry.policy), writePolicies([entry.policy]));
  // Cluster-scoped policies (ClusterNetworkPolicy…) and other kinds go to one file of their own.
  const others = [...result.adminPolicies, ...result.others].map((o) => dumpObject(o.object));
  const files = [...byNamespace.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    // A namespace name is a DNS label once valid; an invalid one must not make a path.
    .map(([namespace, texts]) => ({
      fileName: `${namespace.replace(/[^A-Za-z0-9._-]/g, '_')}.yaml`,
      text: texts.join('---\n'),
    }));
  if (others.length) files.push({ fileName: 'other-objects.yaml', text: others.join('---\n') });
  return files;
}

/** The zip archive of `filesPerNamespace`. */
export function zipPerNamespace(result: ReadResult): Uint8Array<ArrayBuffer> {
  const entries: Record<string, Uint8Array> = {};
  for (const file of filesPerNamespace(result)) entries[file.fileName] = strToU8(file.text);
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}
