import { expect, test, type Page } from '@playwright/test';
import { TEST_IDS } from '../../src/ui/testIds.ts';
import { DesignerPage } from './designerPage.ts';

async function nodeTransform(designer: DesignerPage, id: string) {
  return designer.node(id).evaluate((el) => (el as HTMLElement).style.transform);
}

test('reload restores the document and the layout exactly, including a moved node', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('New namespace name').fill('payments');
  await page.getByRole('button', { name: 'Add namespace' }).click();
  const moved = designer.node('ns:monitoring');
  await expect(moved).toBeVisible();
  const original = await nodeTransform(designer, 'ns:monitoring');
  const box = (await moved.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(box.x + 90, box.y + 120, { steps: 8 });
  await page.mouse.up();
  const text = await designer.editorText();
  const transform = await nodeTransform(designer, 'ns:monitoring');
  expect(transform).not.toBe(original);
  const paymentsTransform = await nodeTransform(designer, 'ns:payments');

  await page.reload();
  await designer.waitForEditor();
  await expect(designer.node('ns:payments')).toBeVisible();
  expect(await designer.editorText()).toBe(text);
  expect(await nodeTransform(designer, 'ns:monitoring')).toBe(transform);
  expect(await nodeTransform(designer, 'ns:payments')).toBe(paymentsTransform);
  await designer.expectClean();
});

test('text typed just before leaving the page is kept', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await designer.typeAtEndOfEditor('# typed right before reload');
  await page.reload();
  await designer.waitForEditor();
  expect(await designer.editorText()).toContain('# typed right before reload');
  await designer.expectClean();
});

/** Opens the designer, adds namespace `shared-ns` and returns the share link of that document. */
async function documentWithShareLink(page: Page): Promise<{ designer: DesignerPage; link: string }> {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('New namespace name').fill('shared-ns');
  await page.getByRole('button', { name: 'Add namespace' }).click();
  await expect(designer.node('ns:shared-ns')).toBeVisible();
  await page.getByRole('button', { name: 'Share link' }).click();
  return { designer, link: await page.getByTestId(TEST_IDS.shareLink).inputValue() };
}

test('a share link restores the document and its layout in a fresh browser', async ({ page, browser }) => {
  const { designer, link } = await documentWithShareLink(page);
  expect(link.startsWith(`http://127.0.0.1:${process.env.E2E_PORT ?? 4173}/#v1.`)).toBe(true);
  const text = await designer.editorText();
  const transform = await nodeTransform(designer, 'ns:shared-ns');

  const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const visitor = new DesignerPage(await other.newPage());
  await visitor.page.goto(link);
  await visitor.waitForEditor();
  await expect(visitor.node('ns:shared-ns')).toBeVisible();
  expect(await visitor.editorText()).toBe(text);
  expect(await nodeTransform(visitor, 'ns:shared-ns')).toBe(transform);
  // The fragment is consumed, so a reload opens the autosave (with edits made since), not the link again.
  expect(new URL(visitor.page.url()).hash).toBe('');
  await visitor.expectClean();
  await other.close();
  await designer.expectClean();
});

test('a share link opened over other work keeps that work one Ctrl+Z away', async ({ page }) => {
  const { designer, link } = await documentWithShareLink(page);
  const shared = await designer.editorText();
  await page.keyboard.press('Escape');

  // Work goes on in this browser after the link was made; then the link is opened here.
  await designer.typeAtEndOfEditor('# my own work in progress');
  await expect.poll(() => designer.editorText()).toContain('# my own work in progress');
  const mine = await designer.editorText();
  await page.waitForTimeout(600); // the autosave's debounce
  await page.goto('about:blank');
  await page.goto(link);
  await designer.waitForEditor();
  await expect(page.getByText('Ctrl+Z brings back the document you were working on')).toBeVisible();
  expect(await designer.editorText()).toBe(shared);

  await page.getByRole('region', { name: 'Policy graph' }).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => designer.editorText()).toBe(mine);
  await designer.expectClean();
});

test('a full browser storage is reported, not silent', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const designer = new DesignerPage(page);
  await designer.open();
  await expect(page.getByTestId(TEST_IDS.storageProblem)).toContainText('browser storage for this page is full');
  await designer.expectClean();
});
