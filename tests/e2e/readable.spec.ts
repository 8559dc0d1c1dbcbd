import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DesignerPage } from './designerPage.ts';

const GUIDE = resolve(process.cwd(), '../shared/seed/000_243ac29d2f9b99da.txt');

test.use({ viewport: { width: 1400, height: 900 } });

/** The smallest text on a node, in screen pixels: its font size times the canvas's zoom. */
async function smallestNodeText(page: Page): Promise<number> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const sizes = [...document.querySelectorAll('.react-flow__node *')]
      .filter((e) => [...e.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim()))
      .map((e) => parseFloat(getComputedStyle(e).fontSize));
    return Math.min(...sizes) * zoom;
  });
}

test("the operator guide's fit view reads at 8 px or more at 1400×900 with the editor folded away", async ({
  page,
}) => {
  test.skip(!existsSync(GUIDE), `../shared is absent: the guide ${GUIDE} is needed`);
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByRole('button', { name: 'Hide editor' }).click();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'network-policies.md',
    mimeType: 'text/markdown',
    buffer: readFileSync(GUIDE),
  });
  await expect(designer.nodes()).toHaveCount(36);
  await page.getByRole('button', { name: 'Fit View' }).click();
  await expect.poll(() => smallestNodeText(page)).toBeGreaterThanOrEqual(8);
  console.log(`smallest node text, editor folded: ${(await smallestNodeText(page)).toFixed(1)} px`);

  // The editor comes back with the text it held.
  await page.getByRole('button', { name: 'Show editor' }).click();
  await expect(designer.editorRegion.locator('.monaco-editor').first()).toBeVisible();
  expect(await designer.editorText()).toContain('provider-ingress');
  await designer.expectClean();
});
