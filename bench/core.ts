/** Core measurements: import (read + validate + graph projection), canonical write, connectivity analysis. */
import { dump, loadAll } from 'js-yaml';
import { analyzeConnectivity, formatConnlist, projectGraph, read, writePolicies } from '../src/core/index.ts';
import type { AnalysisInput, NetworkPolicy } from '../src/core/index.ts';
import { generateCluster, type Cluster } from './generate.ts';
import { compare, round, timeOnce, type Timing } from './measure.ts';

export interface ImportMeasure {
  bytes: number;
  policies: number;
  /** read + projectGraph, and loadAll of the same text. */
  import: Timing;
  loadAll: Timing;
  /** Breakdown of the import (CPU ms, means over every run, warm-up included). */
  readCpuMs: number;
  projectCpuMs: number;
  ratio: number;
}

/** read() (which validates every policy) + projectGraph(), against js-yaml loadAll of the identical text. */
export function measureImport(policies = 2000, reps = 5): ImportMeasure {
  const { policyText } = generateCluster({ policies, workloads: 0, labelSets: 1 });
  let readCpu = 0;
  let projectCpu = 0;
  const warmup = 2;
  const t = compare(
    {
      import: () => {
        const r = timeOnce(() => read(policyText));
        const g = timeOnce(() => projectGraph(r.value));
        readCpu += r.cpu;
        projectCpu += g.cpu;
        if (r.value.policies.length !== policies || r.value.diagnostics.some((d) => d.severity === 'error'))
          throw new Error(`bench input did not read cleanly: ${JSON.stringify(r.value.diagnostics.slice(0, 3))}`);
        return g.value;
      },
      loadAll: () => loadAll(policyText),
    },
    { warmup, reps },
  );
  return {
    bytes: Buffer.byteLength(policyText),
    policies,
    import: t.import,
    loadAll: t.loadAll,
    readCpuMs: round(readCpu / (warmup + reps)),
    projectCpuMs: round(projectCpu / (warmup + reps)),
    ratio: round(t.import.cpu / t.loadAll.cpu, 3),
  };
}

export interface EmitMeasure {
  policies: number;
  write: Timing;
  dump: Timing;
  ratio: number;
}

/** writePolicies (canonicalise + dump) against js-yaml dump of the same objects with the same options. */
export function measureEmit(policies = 2000, reps = 5): EmitMeasure {
  const { policies: objects } = generateCluster({ policies, workloads: 0, labelSets: 1 });
  const list = objects as unknown as NetworkPolicy[];
  const opts = { lineWidth: -1, noRefs: true, skipInvalid: true };
  const t = compare(
    {
      write: () => writePolicies(list),
      dump: () => list.map((p) => dump(p, opts)).join('---\n'),
    },
    { warmup: 2, reps },
  );
  return { policies, write: t.write, dump: t.dump, ratio: round(t.write.cpu / t.dump.cpu, 3) };
}

export interface AnalyzeMeasure {
  workloads: number;
  policies: number;
  labelSets: number;
  connections: number;
  /** analyzeConnectivity + formatConnlist(txt). */
  connlist: Timing;
  /** Breakdown (CPU ms, means over every run, warm-up included). */
  analyzeCpuMs: number;
  formatCpuMs: number;
}

/** Documents per input file when a cluster is read: `read` takes at most 10,000 documents per input. */
export const FILE_DOCUMENTS = 5000;

/**
 * A cluster read as `netpol analyze` reads a folder of files: in inputs of at most FILE_DOCUMENTS documents (one
 * input, the whole text, up to that size), policies and inventory merged. A 10,000/10,000 cluster is 20,502
 * documents, more than one input may hold (`too-many-documents`).
 */
export function readCluster(cluster: Cluster): AnalysisInput & { files: number; errors: number } {
  const opts = { lineWidth: -1, noRefs: true };
  const texts: string[] = [];
  if (cluster.objects.length <= FILE_DOCUMENTS) texts.push(cluster.text);
  else
    for (let i = 0; i < cluster.objects.length; i += FILE_DOCUMENTS)
      texts.push(
        cluster.objects
          .slice(i, i + FILE_DOCUMENTS)
          .map((o) => dump(o, opts))
          .join('---\n'),
      );
  const results = texts.map((t, i) => read(t, { file: `cluster-${i}.yaml` }));
  return {
    policies: results.flatMap((r) => r.policies),
    inventory: {
      namespaces: results.flatMap((r) => r.inventory.namespaces),
      workloads: results.flatMap((r) => r.inventory.workloads),
    },
    files: texts.length,
    errors: results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0),
  };
}

/** Full connlist (analyzeConnectivity + txt formatting) on a read cluster; reading is not timed. */
export function measureAnalyze(size: number, reps = 3): AnalyzeMeasure {
  const labelSets = size / 2;
  const cluster = generateCluster({ policies: size, workloads: size, labelSets });
  const input = readCluster(cluster);
  if (input.inventory!.workloads.length !== size || input.policies.length !== size || input.errors)
    throw new Error('bench cluster did not read as generated');
  let connections = 0;
  let analyzeCpu = 0;
  let formatCpu = 0;
  const warmup = 1;
  const t = compare(
    {
      connlist: () => {
        const a = timeOnce(() => analyzeConnectivity(input));
        const f = timeOnce(() => formatConnlist(a.value, 'txt'));
        analyzeCpu += a.cpu;
        formatCpu += f.cpu;
        connections = a.value.connections.length;
        return f.value;
      },
    },
    { warmup, reps },
  );
  return {
    workloads: size,
    policies: size,
    labelSets,
    connections,
    connlist: t.connlist,
    analyzeCpuMs: round(analyzeCpu / (warmup + reps)),
    formatCpuMs: round(formatCpu / (warmup + reps)),
  };
}
