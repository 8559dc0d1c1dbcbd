/**
 * The core's public entry point: the UI store (with its derive engine and export views), the CLI and the
 * benchmark import the core through this module, and it names exactly what they use (tests may import deeper
 * modules for internals). Two smaller entries hold what needs the `yaml` package, so that the designer's first
 * screen does without it: ./edits.ts (graph edits, loaded by the store after start-up) and ./policytests.ts
 * (policy test files, for the CLI). Pure: plain data in, plain data out; no DOM, React, Monaco, React Flow or
 * zustand (ARCHITECTURE.md).
 */

// The model: API objects as read, diagnostics, the namespace default.
export type {
  Diagnostic,
  KubeObject,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyPort,
  ObjectSource,
  PolicyEntry,
  Protocol,
  ReadResult,
  Severity,
  SourceDocument,
} from './model/types.ts';
export type { AdminAction, AdminPolicyEntry, AdminTier } from './model/admin.ts';
export { policyNamespace } from './model/normalize.ts';

// Text: documents split and joined byte for byte; YAML blocks of a Markdown guide; `{{PARAM}}` templates.
export { splitText, joinDocuments } from './yaml/documents.ts';
export { extractYamlBlocks } from './read/extract.ts';
export { instantiateTemplate, templateParamsInText } from './read/template.ts';

// Read and validate: text → policies, inventory, positioned diagnostics.
export { read, ParseCache, policyKey, type ReadOptions } from './read/read.ts';

// Format: canonical YAML; ANP/BANP → ClusterNetworkPolicy.
export { writePolicies, formatRead, dumpObject } from './format/write.ts';
export { migrateText } from './format/migrate.ts';

// Graph: policies → the picture.
export type { GraphEdge, GraphNode, GraphPolicy, NodeRef, PolicyGraph } from './graph/types.ts';
export { projectGraph, ProjectionMemo } from './graph/project.ts';
export { sameContent } from './model/clone.ts';
export { flowsPortsLabel } from './graph/portSummary.ts';

// Edit: graph commands (applied by the second entry, ./edits.ts, which the designer loads lazily).
export type { GraphCommand } from './edit/commands.ts';

// Analysis: connectivity, explanations, connlist, connectivity diff, change impact.
export {
  analyzeConnectivity,
  annotateEffective,
  buildModel,
  connectivityMatrix,
  diffConnectivity,
  explainConnection,
  explainNodes,
  flowChanges,
  focusConnectivity,
  formatConnections,
  formatConnectivityDiff,
  formatConnlist,
  isEmptyDiff,
  matrixToCsv,
  resolveEndpoint,
  synthesizeInventory,
  undecidableAdminPeers,
  CONNLIST_FORMATS,
  DIFF_FORMATS,
} from './analysis/index.ts';
export type {
  AnalysisInput,
  ConnectionQuery,
  ConnlistFormat,
  DiffFormat,
  DirectionExplanation,
  Endpoint,
  FlowChange,
  FlowChanges,
  FlowSide,
  NodeExplanation,
} from './analysis/index.ts';

// Flows: Hubble flow logs read, proposals, checks against policies.
export { FlowReader, LineSplitter, type FlowCapture } from './flows/read.ts';
export { proposePolicies } from './flows/propose.ts';
export { checkFlows, type CheckLine } from './flows/check.ts';
export { observedOverlay, type ObservedOverlay, type ObservedState } from './flows/overlay.ts';

// Policy tests: see ./policytests.ts (a second entry, like ./edits.ts, so the designer never loads `yaml` at start).

// Lint: the pitfall linter with quick fixes.
export { lint, lintWithFixes, hasFindingsAtLeast, LINT_RULES } from './lint/index.ts';
export type { LintOptions, LintRun, QuickFix } from './lint/index.ts';

// Generate: the tenant-isolation wizard and templates.
export {
  generateTenantIsolation,
  validateTenantIsolation,
  generateTemplate,
  parsePortList,
  TEMPLATES,
} from './generate/index.ts';
export type { TemplateDescription, TemplateId, TemplateInput, TenantIsolationInput } from './generate/index.ts';
