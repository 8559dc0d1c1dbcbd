/**
 * The core's one public entry point: the UI store, the CLI and the benchmark import only this module.
 * Pure: plain data in, plain data out; no DOM, React, Monaco, React Flow or zustand (see ARCHITECTURE.md).
 */
export type * from './model/types.ts';
export { PROTOCOLS } from './model/types.ts';
export { read, ParseCache, policyKey, positionFindings, isListKind, type ReadOptions } from './read/read.ts';
export { validateNetworkPolicy } from './read/validate.ts';
export { validateAdminPolicy } from './read/validateAdmin.ts';
export { migrateText, migrateAdminObject, type MigrateResult } from './format/migrate.ts';
export type * from './model/admin.ts';
export {
  ADMIN_KINDS,
  isAdminKind,
  normalizeAdminPolicy,
  normalizeAdminEntry,
  describeAdminRule,
  CNP_API_VERSION,
  ANP_API_VERSION,
} from './model/admin.ts';
export { effectivePolicyTypes, policyNamespace, type PolicyType } from './model/normalize.ts';
export { canonicalPolicy, writePolicies, formatText, formatRead, dumpObject } from './format/write.ts';
export { selectorMatches, selectorKey, selectorLabel, isEmptySelector } from './model/selector.ts';
export { instantiateTemplate, templateParamsInText, collectTemplateParams, hasTemplateParam } from './read/template.ts';
export { splitText, joinDocuments } from './yaml/documents.ts';
export { extractYamlBlocks, type ExtractedYaml, type YamlBlock } from './read/extract.ts';
export { YAML_LIMITS } from './yaml/parse.ts';
export { NAMESPACE_NAME_LABEL } from './read/inventory.ts';
export { cloneValue } from './model/clone.ts';
export type * from './graph/types.ts';
export type { GraphCommand } from './edit/commands.ts';
export { projectGraph, graphToPolicies, portsLabel } from './graph/project.ts';
export { flowsPortsLabel } from './graph/portSummary.ts';
export { applyCommand, CommandError, type ApplyResult } from './edit/apply.ts';
export { nodeId, normalizeRef, peerToRef, refToPeer } from './graph/refs.ts';
export { pinnedNamespace } from './model/peer.ts';
export {
  lint,
  lintWithFixes,
  quickFixes,
  lintRule,
  LINT_RULES,
  DEFAULT_CLUSTER_PROFILE,
  hasFindingsAtLeast,
  type LintRun,
} from './lint/index.ts';
export type { ClusterProfile, LintOptions, LintRuleInfo, QuickFix } from './lint/index.ts';
export {
  generateTenantIsolation,
  validateTenantIsolation,
  isNamespaceName,
  generateTemplate,
  templateDescription,
  TEMPLATES,
  parsePortList,
} from './generate/index.ts';
export type {
  TenantIsolationInput,
  TenantSpec,
  TemplateDescription,
  TemplateId,
  TemplateInput,
} from './generate/index.ts';
export {
  analyzeConnectivity,
  ConnectivityEngine,
  workloadId,
  externalId,
  connectionAllowed,
  describeEndpoint,
  endpointOfWorkload,
  explainConnection,
  resolveEndpoint,
  formatConnlist,
  CONNLIST_FORMATS,
  allowsPort,
  formatConnections,
  isAllConnections,
  isEmptyConnections,
  annotateEffective,
  synthesizeInventory,
  connectivityMatrix,
  matrixToCsv,
  buildModel,
  focusConnectivity,
  matrixAllows,
  labelsSatisfying,
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  undecidableAdminPeers,
  diffConnectivity,
  isEmptyDiff,
  formatConnectivityDiff,
  workloadsDiffInfo,
  DIFF_FORMATS,
  flowChanges,
} from './analysis/index.ts';
export type {
  AnalysisModel,
  AnalysisInput,
  AnalysisOptions,
  AnnotateOptions,
  Connection,
  ConnectionExplanation,
  ConnectionQuery,
  ConnectionSet,
  ConnectivityMatrix,
  ConnectivityResult,
  ConnlistFormat,
  DirectionExplanation,
  Endpoint,
  ExplainOptions,
  ExternalPeer,
  Peer,
  PodEndpoint,
  RuleMatch,
  TierDecision,
  WorkloadPeer,
  ConnectionDiff,
  ConnectionDiffType,
  ConnectivityDiff,
  DiffFormat,
  DiffFormatOptions,
  FlowChange,
  FlowChanges,
  FlowSide,
} from './analysis/index.ts';
export {
  FlowReader,
  LineSplitter,
  readFlows,
  classKeyOf,
  endpointText,
  type FlowCapture,
  type FlowClass,
  type FlowDiagnostic,
  type FlowEndpoint,
  type FlowGroup,
  type FlowPod,
  type FlowVerdict,
} from './flows/read.ts';
export {
  proposePolicies,
  observedConnections,
  classSelector,
  peerText,
  type ObservedConnection,
  type ObservedPeer,
  type Proposal,
  type ProposeOptions,
} from './flows/propose.ts';
export { checkFlows, type CheckLine, type CheckResult, type CheckStatus } from './flows/check.ts';
export { flowEndpoint, type ContainerPortsLookup } from './flows/endpoints.ts';
export { decidedBy } from './flows/decide.ts';
export {
  readTestFile,
  runPolicyTests,
  parseTestPort,
  type PolicyTest,
  type TestEndpoint,
  type TestFileError,
  type TestResult,
  type TestRun,
} from './policytest/tests.ts';
export { testsFromFlows } from './policytest/fromFlows.ts';
