/** The connectivity analyzer's public surface (re-exported by src/core/index.ts). */
export { buildModel, type AnalysisInput, type AnalysisOptions, type Model as AnalysisModel } from './model.ts';
export {
  analyzeConnectivity,
  ConnectivityEngine,
  focusConnectivity,
  workloadId,
  externalId,
  type Connection,
  type ConnectivityResult,
  type ExternalPeer,
  type Peer,
  type WorkloadPeer,
} from './connectivity.ts';
export {
  connectionAllowed,
  describeEndpoint,
  endpointOfWorkload,
  explainConnection,
  resolveEndpoint,
  type ConnectionExplanation,
  type ConnectionQuery,
  type DirectionExplanation,
  type Endpoint,
  type ExplainOptions,
  type PodEndpoint,
  type RuleMatch,
  type SourcePosition,
  type TierDecision,
} from './explain.ts';
export { explainNodes, locateExplanation, type ExplainedEnd, type NodeExplanation } from './explainNodes.ts';
export { formatConnlist, CONNLIST_FORMATS, type ConnlistFormat } from './format.ts';
export {
  diffConnectivity,
  isEmptyDiff,
  type ConnectionDiff,
  type ConnectionDiffType,
  type ConnectivityDiff,
} from './diff.ts';
export {
  formatConnectivityDiff,
  workloadsDiffInfo,
  DIFF_FORMATS,
  type DiffFormat,
  type DiffFormatOptions,
} from './diffFormat.ts';
export { flowChanges, type FlowChange, type FlowChanges, type FlowSide } from './flowChanges.ts';
export {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  allowsPort,
  formatConnections,
  isAllConnections,
  isEmptyConnections,
  type ConnectionSet,
} from '../model/portset.ts';
export { annotateEffective, type AnnotateOptions } from './annotate.ts';
export { synthesizeInventory, labelsSatisfying } from './synthesize.ts';
export { connectivityMatrix, matrixAllows, matrixToCsv, type ConnectivityMatrix } from './matrix.ts';
export { undecidableAdminPeers, tieredAllows } from './admin.ts';
