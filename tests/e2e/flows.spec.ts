import { expect, test } from '@playwright/test';
import { TEST_IDS } from '../../src/ui/testIds.ts';
import { flowLine } from '../flows/helpers.ts';
import { DesignerPage } from './designerPage.ts';

const web = { namespace: 'tenant-a', labels: { app: 'web' }, pod: 'web-5d8f-x1' };
const db = { namespace: 'tenant-a', labels: { app: 'db' }, pod: 'db-0' };

test('import a flow log, see what the policies would deny, propose policies, undo', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const log = [
    flowLine({ src: web, dst: db, port: 5432, isReply: false }),
    flowLine({ src: db, dst: web, port: 40000, sport: 5432, isReply: true }),
  ].join('\n');
  await page.getByLabel('Import flows').setInputFiles({
    name: 'flows.json',
    mimeType: 'application/json',
    buffer: Buffer.from(`${log}\n`),
  });
  await expect(designer.notice).toContainText('Read 2 flows from flows.json');
  const panel = page.getByTestId(TEST_IDS.flowsPanel);
  const line = panel.getByTestId(TEST_IDS.flowLine);
  await expect(line).toHaveCount(1);
  // tenant-a denies everything by default: the observed connection would break.
  await expect(line).toHaveAttribute('data-status', 'DENIED');
  await expect(line).toContainText('tenant-a/web-5d8f-x1 → tenant-a/db-0 5432/TCP');

  const before = await designer.editorText();
  await panel.getByRole('button', { name: 'Propose policies' }).click();
  await expect(line).toHaveAttribute('data-status', 'ALLOWED');
  const after = await designer.editorText();
  expect(after.startsWith(before.trimEnd())).toBe(true);
  expect(after).toContain('name: observed-web');
  expect(after).toContain('name: observed-db');
  expect(after).toContain('# tenant-a/web-5d8f-x1 -> tenant-a/db-0 5432/TCP: 1 flow, first flows.json:1');

  // The proposal is one undoable edit.
  await panel.getByRole('heading', { name: /Observed flows/ }).click();
  await page.keyboard.press('Control+z');
  await expect(line).toHaveAttribute('data-status', 'DENIED');
  expect(await designer.editorText()).toBe(before);
  await designer.expectClean();
});

test('observed traffic overlays the graph: used flows, would-be-denied connections, flows never observed', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const api = { namespace: 'tenant-a', labels: { app: 'api' }, pod: 'api-7c9d-k2' };
  const log = [
    flowLine({ src: web, dst: api, port: 8080, isReply: false }),
    flowLine({ src: web, dst: db, port: 5432, isReply: false }),
  ].join('\n');
  await page.getByLabel('Import flows').setInputFiles({
    name: 'flows.json',
    mimeType: 'application/json',
    buffer: Buffer.from(`${log}\n`),
  });
  await expect(designer.notice).toContainText('Read 2 flows from flows.json');
  // web → api on 8080 is allowed by web-egress and api-from-web: that drawn flow is marked observed.
  const webApi = designer.edgeLabel('pods:tenant-a:app=web', 'pods:tenant-a:app=api');
  await expect(webApi).toHaveAttribute('data-observed', 'allowed');
  await expect(webApi).toContainText('✓');
  // web → db would be denied and no flow joins them: a dashed extra edge to the pods of tenant-a.
  const extra = designer.graph.locator(`[data-testid="${TEST_IDS.edgeLabel}"][data-edge-id^="observed:"]`);
  await expect(extra).toHaveCount(1);
  await expect(extra).toHaveAttribute('data-observed', 'denied');
  await expect(extra).toHaveAttribute('data-edge-id', 'observed:pods:tenant-a:app=web->pods:tenant-a:{}');
  // Prometheus never talked to the api in this capture.
  await expect(designer.edgeLabel('pods:monitoring:app=prometheus', 'pods:tenant-a:app=api')).toHaveAttribute(
    'data-observed',
    'unobserved',
  );
  const panel = page.getByTestId(TEST_IDS.flowsPanel);
  await expect(panel.getByTestId(TEST_IDS.flowsOverlaySummary)).toContainText('1 would-be-denied connections');

  // The toggle takes the overlay off the canvas and puts it back.
  await panel.getByLabel('Show observed traffic').uncheck();
  await expect(extra).toHaveCount(0);
  await expect(webApi).toHaveAttribute('data-observed', 'none');
  await panel.getByLabel('Show observed traffic').check();
  await expect(webApi).toHaveAttribute('data-observed', 'allowed');

  // Proposing policies makes web → db a drawn flow that the observed traffic uses.
  await panel.getByRole('button', { name: 'Propose policies' }).click();
  await expect(extra).toHaveCount(0);
  await expect(designer.edgeLabel('app=web', 'app=db').first()).toHaveAttribute('data-observed', 'allowed');
  await designer.expectClean();
});
