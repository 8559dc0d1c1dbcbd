/**
 * The connectivity matrix as text cells, for the matrix view and its CSV download: a view of the read result,
 * computed by the core's analysis.
 */
import {
  analyzeConnectivity,
  connectivityMatrix,
  formatConnections,
  matrixToCsv,
  synthesizeInventory,
  type ReadResult,
} from '../../core/index.ts';

export interface MatrixView {
  sources: string[];
  destinations: string[];
  /** cells[row][column]: the allowed connections (`TCP 80,UDP 53`, `All Connections`), or '' for none. */
  cells: string[][];
  csv: string;
  /** True when the workloads were made up from the policies' selectors (the document has no inventory). */
  synthesized: boolean;
}

/**
 * Who can reach whom, end to end: the document's workloads, or representative pods made up from the policies'
 * selectors when it has none, and the external ranges the policies mention.
 */
export function matrixView(result: ReadResult): MatrixView {
  const synthesized = result.inventory.workloads.length === 0;
  const inventory = synthesizeInventory(result.policies, result.inventory);
  // With the cluster-wide tiers: an Admin Deny or Pass changes what the NetworkPolicies alone would allow.
  const matrix = connectivityMatrix(
    analyzeConnectivity({ policies: result.policies, adminPolicies: result.adminPolicies, inventory }),
  );
  return {
    sources: matrix.sources.map((p) => p.id),
    destinations: matrix.destinations.map((p) => p.id),
    cells: matrix.cells.map((row) => matrix.destinations.map((_, c) => (row[c] ? formatConnections(row[c]) : ''))),
    csv: matrixToCsv(matrix),
    synthesized,
  };
}
