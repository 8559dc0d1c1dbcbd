import { expect, test } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

test('invalid YAML: markers and a problem at the exact line, the graph keeps its last valid state, marked stale; problems jump to their line', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const valid = await designer.editorText();
  const nodeCount = await designer.nodes().count();
  // The text ends with a newline: Ctrl+End lands on an empty last line, `---` goes there, the error below it.
  const brokenLine = valid.split('\n').length;
  await designer.typeAtEndOfEditor('---\nkind: a: b');
  await expect(designer.staleBanner).toBeVisible();
  await expect(designer.graph.locator('.canvas.is-stale')).toBeVisible();
  await expect(designer.nodes()).toHaveCount(nodeCount);
  // What was typed is kept as typed.
  expect(await designer.editorText()).toContain('kind: a: b');
  const problem = designer.problems.getByRole('button', { name: /yaml-syntax/ });
  await expect(problem).toHaveAttribute('data-line', String(brokenLine + 1));
  await expect
    .poll(async () => (await designer.markers()).filter((m) => m.owner === 'netpol').map((m) => m.line))
    .toContain(brokenLine + 1);
  // Graph edits are refused while stale, so the old picture never rewrites the new text.
  await expect(designer.graph.locator('.react-flow__handle.connectable')).toHaveCount(0);

  // Fix it: the graph is live again and shows the new object.
  await designer.pasteIntoEditor(valid + '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n');
  await expect(designer.staleBanner).toBeHidden();
  await expect(designer.node('ns:payments')).toBeVisible();

  // An API-server validation error: a click in the problems list puts the cursor on its line.
  const fixed = await designer.editorText();
  await designer.pasteIntoEditor(fixed.replace('port: 5432', 'port: 70000'));
  const portProblem = designer.problems.getByTestId('problem').filter({ hasText: 'ports[0].port' }).first();
  await expect(portProblem).toBeVisible();
  const portLine = Number(await portProblem.getAttribute('data-line'));
  expect((await designer.editorText()).split('\n')[portLine - 1]).toContain('70000');
  await portProblem.click();
  await expect.poll(() => designer.cursorLine()).toBe(portLine);
  await designer.expectClean();
});

test('the schema flags a misspelt field where it is typed, without rejecting other kinds', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const text = await designer.editorText();
  await designer.pasteIntoEditor(
    text.replace(
      '        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring',
      '        - namespaceSelecter:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring',
    ),
  );
  const line = (await designer.editorText()).split('\n').findIndex((l) => l.includes('namespaceSelecter')) + 1;
  await expect
    .poll(
      async () => (await designer.markers()).filter((m) => /namespaceSelecter/.test(m.message)).map((m) => m.line),
      {
        timeout: 20_000,
      },
    )
    .toContain(line);
  // Namespaces (another kind) in the same file get no schema marker.
  const schemaMarkers = (await designer.markers()).filter((m) => m.owner !== 'netpol');
  expect(schemaMarkers.every((m) => m.line >= line - 3)).toBe(true);
  await designer.expectClean();
});

test('keys typed in the editor never reach the canvas: Space is typed, Backspace does not delete the selected node', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const node = designer.node('ns:monitoring');
  await node.click({ position: { x: 30, y: 10 } });
  await expect(node).toHaveClass(/selected/);
  await designer.typeAtEndOfEditor('# a b');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await designer.editorText()).split('\n').at(-1)).toBe('# a ');
  await expect(designer.node('ns:monitoring')).toBeVisible();
  await designer.expectClean();
});

test('one undo history for both sides: Ctrl+Z in the editor undoes a graph edit, Ctrl+Shift+Z redoes it', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const before = await designer.editorText();
  await page.getByLabel('New namespace name').fill('payments');
  await page.getByRole('button', { name: 'Add namespace' }).click();
  await expect(designer.node('ns:payments')).toBeVisible();
  const after = await designer.editorText();
  expect(after.startsWith(before)).toBe(true);
  expect(after).toContain('name: payments');

  await designer.editorRegion.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(designer.node('ns:payments')).toHaveCount(0);
  expect(await designer.editorText()).toBe(before);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(designer.node('ns:payments')).toBeVisible();
  expect(await designer.editorText()).toBe(after);

  // Deleting on the canvas is a graph command too, and Ctrl+Z on the canvas undoes it.
  await designer.node('ns:payments').click({ position: { x: 30, y: 10 } });
  await page.keyboard.press('Delete');
  await expect(designer.node('ns:payments')).toHaveCount(0);
  expect(await designer.editorText()).toBe(before);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(designer.node('ns:payments')).toBeVisible();
  expect(await designer.editorText()).toBe(after);
  await designer.expectClean();
});

test('a flow written on one side only is drawn differently, and says why', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await designer.pasteIntoEditor(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: a-no-egress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: a
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: b-from-a
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: b
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: a
      ports:
        - port: 80
`);
  const label = designer.edgeLabel('pods:shop:app=a', 'pods:shop:app=b');
  await expect(label).toHaveAttribute('data-effective', 'oneSided');
  await expect(label).toHaveText(/TCP 80/);
  await expect(label.locator('xpath=../*[local-name()="title"]')).toHaveText(/shop\/a-no-egress/); // the hover tooltip
  await label.click({ force: true });
  await expect(designer.inspector.locator('[data-effective="oneSided"]')).toContainText('One-sided');
  await designer.expectClean();
});

test("typed text is read off the page's thread, in the derive worker", async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const text = await designer.editorText();
  await designer.pasteIntoEditor(`${text}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-worker\n`);
  await expect(designer.node('ns:from-worker')).toBeVisible();
  expect(page.workers().some((w) => /derive\.worker/.test(w.url()))).toBe(true);
  expect(await page.evaluate(() => window.__netpolEditor!.deriveEngine())).toBe('worker');
  await designer.expectClean();
});
