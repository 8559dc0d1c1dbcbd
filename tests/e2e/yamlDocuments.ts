import { loadAll } from 'js-yaml';

interface PolicyLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
}

/** The specs of the NetworkPolicies of one namespace in a multi-document YAML text, by name. */
export function policiesIn(yaml: string, namespace: string): Record<string, Record<string, unknown>> {
  const specs: Record<string, Record<string, unknown>> = {};
  for (const doc of loadAll(yaml) as PolicyLike[]) {
    if (doc?.kind === 'NetworkPolicy' && doc.metadata?.namespace === namespace && doc.metadata.name && doc.spec)
      specs[doc.metadata.name] = doc.spec;
  }
  return specs;
}
