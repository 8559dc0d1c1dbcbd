import { expect, test } from '@playwright/test';
import { SHOP_AND_DATA } from '../fixtures/shopAndData.ts';
import { DesignerPage } from './designerPage.ts';

const WEB = 'pods:shop:app=web';
const API = 'pods:shop:app=api';
const DB = 'pods:data:app=db';
const AGGREGATE = 'agg:ns:shop->pods:data:app=db';

test('a collapsed namespace is one node whose flows aggregate its pods’ flows; expanded, everything is back', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  // Imported, so it is the baseline: no change marks.
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'shop.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(SHOP_AND_DATA),
  });
  const shop = designer.node('ns:shop');
  await expect(designer.node(WEB)).toBeVisible();
  await expect(designer.edgeLabel(WEB, DB)).toHaveText('TCP 5432');
  await expect(designer.edgeLabel(API, DB)).toHaveText('TCP 5433');
  const edgesBefore = await designer.graph.locator('.react-flow__edge').count();
  const textBefore = await designer.editorText();

  // Collapse shop: its pod groups are gone, its flows to db are one flow with the ports of all three.
  await shop.getByRole('button', { name: 'Collapse namespace shop' }).click();
  await expect(designer.node(WEB)).toHaveCount(0);
  await expect(designer.node(API)).toHaveCount(0);
  await expect(designer.graph.locator('.react-flow__node[data-id^="pods:shop:"]')).toHaveCount(0);
  await expect(shop.locator('.container-node.is-collapsed')).toHaveCount(1);
  await expect(shop.locator('[data-collapsed-summary]')).toHaveText('4 pod groups · 2 flows inside');
  const aggregate = designer.graph.locator(`[data-testid="edge-label"][data-edge-id="${AGGREGATE}"]`);
  await expect(aggregate).toHaveText('⚠ TCP 5432-5433 (3 flows)');
  await expect(aggregate).toHaveAttribute('data-effective', 'oneSided');
  await expect(designer.edgeLabel(WEB, DB)).toHaveCount(0);

  // Selecting it lists the flows it stands for; one of them opens as a flow of its own.
  await aggregate.click({ force: true });
  await expect(designer.inspector.getByRole('heading', { name: '3 flows' })).toBeVisible();
  const members = designer.inspector.locator('.aggregate-members button');
  await expect(members).toHaveCount(3);
  await expect(members.filter({ hasText: 'app=web → app=db: TCP 5432' })).toHaveCount(1);
  await expect(designer.inspector.getByRole('button', { name: 'Delete flow' })).toHaveCount(0);
  // No edit reaches the document from an aggregated flow.
  await aggregate.click({ force: true });
  await page.keyboard.press('Delete');
  await page.waitForTimeout(300);
  expect(await designer.editorText()).toBe(textBefore);
  await members.filter({ hasText: 'app=api → app=db' }).click();
  await expect(designer.inspector.getByRole('heading', { name: 'Flow' })).toBeVisible();
  await expect(designer.inspector).toContainText('TCP 5433');
  await expect(designer.inspector.getByRole('button', { name: 'Delete flow' })).toBeVisible();
  // On the canvas, the aggregated flow that carries it is the one drawn selected.
  await expect(aggregate).toHaveClass(/is-selected/);

  // Expand: every pod group and flow is back where it was.
  await shop.getByRole('button', { name: 'Expand namespace shop' }).click();
  await expect(designer.node(WEB)).toBeVisible();
  await expect(designer.edgeLabel(WEB, DB)).toHaveText('TCP 5432');
  await expect(aggregate).toHaveCount(0);
  await expect(designer.graph.locator('.react-flow__edge')).toHaveCount(edgesBefore);

  // Collapse all, expand all.
  const finder = page.getByTestId('canvas-finder');
  await finder.getByRole('button', { name: 'Collapse all' }).click();
  await expect(designer.graph.locator('.react-flow__node[data-id^="pods:"]')).toHaveCount(0);
  await expect(designer.graph.locator(`[data-testid="edge-label"][data-edge-id="agg:ns:shop->ns:data"]`)).toHaveText(
    '⚠ TCP 5432-5433 (3 flows)',
  );
  await finder.getByRole('button', { name: 'Expand all' }).click();
  await expect(designer.node(WEB)).toBeVisible();
  await expect(designer.graph.locator('.react-flow__edge')).toHaveCount(edgesBefore);
  expect(await designer.editorText()).toBe(textBefore);
  await designer.expectClean();
});
