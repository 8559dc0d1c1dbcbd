/** Test ids shared by the components and the Playwright page objects (tests/e2e). */
export const TEST_IDS = {
  canvas: 'policy-graph',
  staleBanner: 'stale-banner',
  editor: 'yaml-editor',
  problems: 'problems',
  problem: 'problem',
  inspector: 'inspector',
  notice: 'notice',
  storageProblem: 'storage-problem',
  confirmDialog: 'confirm-dialog',
  wizardDialog: 'wizard-dialog',
  templateDialog: 'template-dialog',
  fillDialog: 'fill-template-dialog',
  matrixDialog: 'matrix-dialog',
  shareLink: 'share-link',
  edgeLabel: 'edge-label',
  documentStats: 'document-stats',
} as const;
