import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DesignerPage } from './designerPage.ts';

const GUIDE = resolve(process.cwd(), '../shared/seed/000_243ac29d2f9b99da.txt');
const PROVIDER = 'pods:provider-namespace:app.kubernetes.io/name=virtrigaud-provider';
const MANAGERS = 'nssel:name=virtrigaud-system';

async function importGuide(designer: DesignerPage) {
  await designer.open();
  await designer.page.getByLabel('Import YAML').setInputFiles({
    name: 'network-policies.md',
    mimeType: 'text/markdown',
    buffer: readFileSync(GUIDE),
  });
  await expect(designer.node(PROVIDER)).toBeVisible();
}

test('focus: a selected node brings its flows and their other ends forward, dims the rest; direction; Esc clears', async ({
  page,
}) => {
  test.skip(!existsSync(GUIDE), `../shared is absent: the guide ${GUIDE} is needed`);
  const designer = new DesignerPage(page);
  await importGuide(designer);
  const dimmed = designer.graph.locator('.react-flow__node.is-dimmed');
  await expect(dimmed).toHaveCount(0);

  await designer.node(PROVIDER).click();
  await expect(designer.node(PROVIDER)).not.toHaveClass(/is-dimmed/);
  await expect(designer.node(MANAGERS)).not.toHaveClass(/is-dimmed/);
  // Its namespace box stays lit around it; unrelated tenants fade.
  await expect(designer.node('ns:provider-namespace')).not.toHaveClass(/is-dimmed/);
  expect(await dimmed.count()).toBeGreaterThan(5);

  // Only flows out of the provider: the managers (who reach in) fade.
  const direction = designer.graph.getByRole('group', { name: 'Focus direction' });
  await direction.getByRole('button', { name: 'Out' }).click();
  await expect(designer.node(MANAGERS)).toHaveClass(/is-dimmed/);
  await direction.getByRole('button', { name: 'In' }).click();
  await expect(designer.node(MANAGERS)).not.toHaveClass(/is-dimmed/);

  await page.keyboard.press('Escape');
  await expect(dimmed).toHaveCount(0);
  await designer.expectClean();
});

test('search (/ focuses it) and the namespace filter', async ({ page }) => {
  test.skip(!existsSync(GUIDE), `../shared is absent: the guide ${GUIDE} is needed`);
  const designer = new DesignerPage(page);
  await importGuide(designer);
  // `/` from anywhere but a field (the import leaves focus on its file input).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('/');
  const search = designer.graph.getByRole('searchbox', { name: 'Search nodes' });
  await expect(search).toBeFocused();
  await page.keyboard.type('virtrigaud-provider');
  await expect(designer.graph.getByRole('status', { name: 'Search matches' })).toHaveText(/^[1-9]\d* match/);
  await expect(designer.node(PROVIDER)).toHaveClass(/is-match/);
  await expect(designer.node(PROVIDER)).not.toHaveClass(/is-dimmed/);
  await expect(designer.node('anywhere')).toHaveClass(/is-dimmed/);
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(designer.graph.locator('.react-flow__node.is-dimmed')).toHaveCount(0);

  // Filter: the provider namespace, the flows touching it and their other ends; the rest is not drawn.
  const all = await designer.nodes().count();
  await designer.graph.getByRole('combobox', { name: 'Filter by namespace' }).selectOption('provider-namespace');
  await expect(designer.node(PROVIDER)).toBeVisible();
  await expect(designer.node(MANAGERS)).toBeVisible();
  await expect.poll(() => designer.nodes().count()).toBeLessThan(all);
  await designer.graph.getByRole('combobox', { name: 'Filter by namespace' }).selectOption('');
  await expect.poll(() => designer.nodes().count()).toBe(all);
  await designer.expectClean();
});
