import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

/** The canvas zoom, read from React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
}

/** A leaf node's label as drawn zoomed out: its text, its size on screen in px, and whether its details show. */
async function leafLabel(page: Page, id: string) {
  return page.locator(`.react-flow__node[data-id="${id}"] .leaf-node`).evaluate((leaf) => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const after = getComputedStyle(leaf, '::after');
    const scale = after.transform === 'none' ? 1 : new DOMMatrix(after.transform).a;
    const details = [...leaf.children].filter((c) => !c.classList.contains('react-flow__handle'));
    return {
      text: after.content,
      screenPx: parseFloat(after.fontSize) * scale * zoom,
      detailsVisible: details.some((c) => getComputedStyle(c).visibility === 'visible'),
    };
  });
}

test('zoomed out, node labels keep a readable size on screen; zoomed in, the details are back', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const api = 'pods:tenant-a:app=api';
  await expect(designer.node(api)).toContainText('app=api');
  // Above SEMANTIC_ZOOM (0.5, src/ui/canvas/semanticZoom.ts) every detail is drawn.
  expect(await zoom(page)).toBeGreaterThanOrEqual(0.5);
  expect((await leafLabel(page, api)).detailsVisible).toBe(true);

  // Zoom out into the semantic range (below 0.5, above the overview's 0.15).
  const zoomOut = page.locator('.react-flow__controls-zoomout');
  for (let i = 0; i < 15 && (await zoom(page)) >= 0.3; i++) {
    await zoomOut.click();
    await page.waitForTimeout(150);
  }
  const z = await zoom(page);
  expect(z).toBeLessThan(0.3);
  expect(z).toBeGreaterThanOrEqual(0.15);
  const label = await leafLabel(page, api);
  expect(label.text).toBe('"app=api"');
  expect(label.detailsVisible).toBe(false);
  // 11.5 px selector lines would be under 3.5 px here; the counter-scaled label reads at 7 px or more.
  expect(label.screenPx).toBeGreaterThanOrEqual(7);
  console.log(`zoom ${z.toFixed(2)}: label ${label.screenPx.toFixed(1)} px on screen`);
  // The page's text is unchanged (the label is drawn by CSS), and the node is still selectable.
  await expect(designer.node(api)).toContainText('app=api');
  await designer.node(api).click();
  await expect(designer.inspector).toContainText('app=api');

  // Back to the fitted view: the details, at their own size.
  await page.locator('.react-flow__controls-fitview').click();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.5);
  await expect.poll(async () => (await leafLabel(page, api)).detailsVisible).toBe(true);
  await expect(designer.node(api).locator('[data-shield="ingress"]')).toBeVisible();
  await designer.expectClean();
});
