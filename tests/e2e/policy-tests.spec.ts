import { expect, test } from '@playwright/test';
import { TEST_IDS } from '../../src/ui/testIds.ts';
import { flowLine } from '../flows/helpers.ts';
import { DesignerPage } from './designerPage.ts';

const web = { namespace: 'tenant-a', labels: { app: 'web' }, pod: 'web-5d8f-x1' };
const api = { namespace: 'tenant-a', labels: { app: 'api' }, pod: 'api-7c9d-k2' };

const TESTS = `tests:
- name: web reaches the api
  from: {namespace: tenant-a, podLabels: {app: web}}
  to: {namespace: tenant-a, podLabels: {app: api}}
  port: 8080/TCP
  expect: allow
- name: tenant-b cannot reach the api
  from: {namespace: tenant-b, podLabels: {app: app}}
  to: {namespace: tenant-a, podLabels: {app: api}}
  port: 8080
  expect: deny
`;

/** web-egress's only rule (the example document), and the same policy with no egress rule. */
const WEB_EGRESS_RULE = `  egress:
    - to:
        - podSelector:
            matchLabels:
              app: api
      ports:
        - protocol: TCP
          port: 8080
`;

test('flows overlay the graph; a test file passes, and fails live when a rule is deleted', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Import flows').setInputFiles({
    name: 'flows.json',
    mimeType: 'application/json',
    buffer: Buffer.from(`${flowLine({ src: web, dst: api, port: 8080, isReply: false })}\n`),
  });
  const webApi = designer.edgeLabel('pods:tenant-a:app=web', 'pods:tenant-a:app=api');
  await expect(webApi).toHaveAttribute('data-observed', 'allowed');
  await expect(designer.edgeLabel('pods:monitoring:app=prometheus', 'pods:tenant-a:app=api')).toHaveAttribute(
    'data-observed',
    'unobserved',
  );

  await page.getByLabel('Load tests').setInputFiles({
    name: 'policy-tests.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(TESTS),
  });
  const panel = page.getByTestId(TEST_IDS.testsPanel);
  const lines = panel.getByTestId(TEST_IDS.testLine);
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toHaveAttribute('data-status', 'PASS');
  await expect(lines.nth(0)).toContainText('web reaches the api');
  await expect(lines.nth(0)).toContainText('decided by tenant-a/web-egress spec.egress[0].to[0]');
  await expect(lines.nth(1)).toHaveAttribute('data-status', 'PASS');
  await expect(panel.getByTestId(TEST_IDS.testsSummary)).toHaveText('2 tests: 2 passed, 0 failed');

  // Delete web-egress's rule in the editor: the first test fails at once, and the observed flow would be denied.
  const text = await designer.editorText();
  expect(text).toContain(WEB_EGRESS_RULE);
  await designer.pasteIntoEditor(text.replace(WEB_EGRESS_RULE, '  egress: []\n'));
  await expect(lines.nth(0)).toHaveAttribute('data-status', 'FAIL');
  await expect(lines.nth(0)).toContainText('expected allow, got deny');
  await expect(lines.nth(1)).toHaveAttribute('data-status', 'PASS');
  await expect(panel.getByTestId(TEST_IDS.testsSummary)).toHaveText('2 tests: 1 passed, 1 failed');
  await expect(webApi).toHaveAttribute('data-observed', 'denied');

  // Undo brings the rule back, and the test passes again.
  await panel.getByRole('heading', { name: /Policy tests/ }).click();
  await page.keyboard.press('Control+z');
  await expect(lines.nth(0)).toHaveAttribute('data-status', 'PASS');
  await designer.expectClean();
});

test('a bad test file shows its errors by line; tests pinned from flows pass and download', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Load tests').setInputFiles({
    name: 'bad.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(TESTS.replace('expect: deny', 'expect: denied')),
  });
  const panel = page.getByTestId(TEST_IDS.testsPanel);
  const error = panel.getByTestId(TEST_IDS.testError);
  await expect(error).toHaveCount(1);
  await expect(error).toHaveAttribute('data-line', '11');
  await expect(error).toContainText('bad.yaml:11:');
  await expect(error).toContainText('(test tenant-b cannot reach the api)');
  await expect(panel.getByTestId(TEST_IDS.testLine)).toHaveCount(0);

  await page.getByLabel('Import flows').setInputFiles({
    name: 'flows.json',
    mimeType: 'application/json',
    buffer: Buffer.from(`${flowLine({ src: web, dst: api, port: 8080, isReply: false })}\n`),
  });
  await page.getByTestId(TEST_IDS.flowsPanel).getByRole('button', { name: 'Pin as tests' }).click();
  await expect(panel).toContainText('tests from flows.json');
  const line = panel.getByTestId(TEST_IDS.testLine);
  await expect(line).toHaveCount(1);
  await expect(line).toHaveAttribute('data-status', 'PASS');
  await expect(line).toContainText('tenant-a/{app=web} -> tenant-a/{app=api} 8080/TCP');

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download tests' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('policy-tests.yaml');
  const saved = await file.path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
  expect(saved).toContain('expect: allow');
  expect(saved).toContain('port: 8080/TCP');
  await designer.expectClean();
});
