import { expect, test } from '@playwright/test';
import { generateCluster } from '../../bench/generate.ts';
import { projectGraph, read } from '../../src/core/index.ts';
import { DesignerPage } from './designerPage.ts';
import { EXAMPLE_DOCUMENT } from '../../src/ui/exampleDocument.ts';

// 400 policies: 540 KB (the editor takes it in pieces), 439 nodes (they enter the canvas a batch a frame, the view
// zoomed out while the graph is laid out), some 800 lint findings (Problems lists 200 at a time).
const { policyText } = generateCluster({ policies: 400, workloads: 0, labelSets: 1 });
const graph = projectGraph(read(policyText));
const LAST = graph.nodes.at(-1)!;

test('a cluster-sized import: the whole text in the editor, every node on the canvas, problems 200 at a time; Ctrl+Z brings the example back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'cluster.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(policyText),
  });
  await expect(designer.notice).toContainText('Imported 400 policies from cluster.yaml');
  // Only nodes of the imported graph are drawn, and the editor holds every byte of the file.
  const ids = new Set(graph.nodes.map((n) => n.id));
  await expect
    .poll(async () => {
      const drawn = await designer.nodes().evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')));
      return drawn.length > 0 && drawn.every((id) => ids.has(id ?? ''));
    })
    .toBe(true);
  await expect.poll(() => designer.editorText(), { timeout: 30_000 }).toBe(policyText);

  // The layout runs, then the view is fitted to the graph.
  const autoLayout = page.getByRole('button', { name: 'Auto layout' });
  await expect(autoLayout).toBeEnabled({ timeout: 60_000 });

  // The last node handed to the canvas is there: search zooms to it.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('/');
  await page.keyboard.type(String(LAST.label));
  await page.keyboard.press('Enter');
  await expect(designer.node(LAST.id)).toBeVisible();
  await page.keyboard.press('Escape');

  // Problems: the counts of all, the rows 200 at a time.
  const rows = designer.problems.getByTestId('problem');
  await expect(rows).toHaveCount(200, { timeout: 30_000 });
  const more = designer.problems.getByRole('button', { name: /^Show 200 more/ });
  await more.click();
  await expect(rows).toHaveCount(400);

  // One Ctrl+Z outside the editor: the example document again, in the editor too.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => designer.editorText(), { timeout: 30_000 }).toBe(EXAMPLE_DOCUMENT);
  await expect(designer.node(LAST.id)).toHaveCount(0);
  await designer.expectClean();
});
