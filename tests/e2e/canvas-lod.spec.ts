import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

/** The canvas zoom, read from React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
}

test('zoomed far out the canvas draws plain boxes and bare flows; zoomed back in, every label, shield and flow label is back', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const api = designer.node('pods:tenant-a:app=api');
  const tenantA = designer.node('ns:tenant-a');

  // The example at the zoom "fit view" gives: the detailed drawing.
  await expect(api).toContainText('app=api');
  await expect(api.locator('[data-shield="ingress"]')).toHaveAttribute('data-isolated', 'true');
  await expect(tenantA).toContainText('tenant=a');
  await expect(designer.edgeLabels().filter({ hasText: 'TCP 5432' })).toHaveCount(1);
  await expect(designer.graph.locator('[data-lod]')).toHaveCount(0);
  await expect(designer.graph.getByTestId('overview-edges')).toHaveCount(0);
  const edgeCount = await designer.graph.locator('.react-flow__edge').count();
  expect(edgeCount).toBeGreaterThan(3);

  // Zoom out past the overview threshold (DETAIL_MIN_ZOOM, 0.15, in src/ui/canvas/lod.ts).
  const zoomOut = page.locator('.react-flow__controls-zoomout');
  for (let i = 0; i < 15 && (await zoom(page)) >= 0.14; i++) {
    await zoomOut.click();
    await page.waitForTimeout(150);
  }
  expect(await zoom(page)).toBeLessThan(0.14);
  // Every node is still there as a box, without text, shields or label chips.
  await expect(api.locator('[data-lod="overview"]')).toHaveCount(1);
  await expect(api).toHaveText('');
  await expect(api.locator('[data-shield]')).toHaveCount(0);
  await expect(tenantA).toHaveText('');
  // Flows are drawn, without labels: one subpath per flow in the overview's paths.
  await expect(designer.edgeLabels()).toHaveCount(0);
  await expect(designer.graph.locator('.react-flow__edge')).toHaveCount(0);
  const subpaths = await designer.graph
    .getByTestId('overview-edges')
    .locator('path')
    .evaluateAll((paths) => paths.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0));
  expect(subpaths).toBe(edgeCount);
  // A box can still be selected.
  await api.click();
  await expect(designer.inspector).toContainText('app=api');

  // Back to the fitted zoom: the detailed drawing again, and the flows work as before.
  await page.locator('.react-flow__controls-fitview').click();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.5);
  await expect(designer.graph.locator('[data-lod]')).toHaveCount(0);
  await expect(api).toContainText('app=api');
  await expect(api.locator('[data-shield="ingress"]')).toHaveAttribute('data-isolated', 'true');
  await expect(tenantA).toContainText('tenant=a');
  await expect(designer.graph.locator('.react-flow__edge')).toHaveCount(edgeCount);
  const label = designer.edgeLabels().filter({ hasText: 'TCP 5432' });
  await expect(label).toHaveCount(1);
  await label.click({ force: true });
  await expect(designer.inspector).toContainText('5432');
  await designer.expectClean();
});
