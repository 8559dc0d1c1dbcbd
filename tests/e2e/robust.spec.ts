/**
 * No document bricks the designer (issue #17, the designer's part): wrongly typed values (a mapping or a sequence
 * where a string belongs, a mapping with a `toString` key, prototype keys) pasted or imported show their text and
 * their problems like any invalid file, with no uncaught page error, and a reload brings the designer back.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { TEST_IDS } from '../../src/ui/testIds.ts';
import { DesignerPage } from './designerPage.ts';

const policy = (name: string, spec: string, metadataName = name) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${metadataName}
  namespace: shop
spec:
${spec}`;

/** Each puts a value of the wrong type where the API wants a string, an integer or a list. */
const HOSTILE: { title: string; text: string }[] = [
  {
    title: 'a label value that is a mapping (an indentation slip)',
    text: policy('web', '  podSelector:\n    matchLabels:\n      app:\n        web: true\n  policyTypes: [Ingress]\n'),
  },
  {
    title: 'a name that is a mapping with a toString key',
    text: policy('x', '  podSelector: {}\n  policyTypes: [Ingress]\n', '{toString: x}'),
  },
  {
    title: 'prototype keys holding mappings',
    text: policy(
      'proto',
      '  podSelector:\n    matchLabels:\n      constructor: {prototype: {polluted: "yes"}}\n  policyTypes: [Ingress]\n',
    ),
  },
  {
    title: 'sequences and mappings in peers and ports',
    text: policy(
      'peers',
      [
        '  podSelector:',
        '    matchLabels: {app: web}',
        '  ingress:',
        '  - from:',
        '    - podSelector:',
        '        matchLabels: {role: [a, b]}',
        '    - namespaceSelector:',
        '        matchExpressions:',
        '        - key: {toString: x}',
        '          operator: [In]',
        '          values: [{a: 1}, [b]]',
        '    - ipBlock:',
        '        cidr: {valueOf: 1}',
        '        except: [[10.0.0.0/8]]',
        '    ports:',
        '    - port: [80]',
        '      protocol: {toString: TCP}',
        '      endPort: {a: 1}',
        '  egress:',
        '  - to:',
        '    - podSelector:',
        '        matchLabels: {app: {toString: x}}',
        '      namespaceSelector:',
        '        matchLabels: {__proto__: {polluted: "yes"}}',
        '',
      ].join('\n'),
    ),
  },
  {
    title: 'a namespace that is a sequence, and an empty key',
    text: `apiVersion: v1
kind: Namespace
metadata:
  name: [shop]
  labels: {team: {a: b}}
---
${policy('ns', '  podSelector:\n    matchLabels:\n      ? {toString: x}\n      : web\n', 'ns').replace('namespace: shop', 'namespace: [shop]')}`,
  },
];

/** A valid policy after the hostile one, so the canvas has something to draw. */
const VALID = policy(
  'allow-dns',
  '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n',
);

function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function expectDesignerUp(designer: DesignerPage) {
  await expect(designer.graph).toBeVisible();
  await expect(designer.problems).toBeVisible();
  await expect(designer.page.getByText('Something went wrong in the designer')).toHaveCount(0);
}

async function errorCount(designer: DesignerPage): Promise<number> {
  return designer.problems.locator(`[data-testid="${TEST_IDS.problem}"].problem-error`).count();
}

for (const [i, hostile] of HOSTILE.entries()) {
  test(`paste ${hostile.title}: text kept, problems shown, reload brings the designer back`, async ({ page }) => {
    const errors = watchPageErrors(page);
    const designer = new DesignerPage(page);
    await designer.open();
    const text = `${hostile.text}---\n${VALID}`;
    await designer.pasteIntoEditor(text);
    await expect.poll(() => errorCount(designer)).toBeGreaterThan(0);
    await expectDesignerUp(designer);
    expect(await designer.editorText()).toBe(text);
    // The problems are squiggles in the editor too.
    await expect
      .poll(async () => (await designer.markers()).filter((m) => m.owner === 'netpol' && m.severity === 8).length)
      .toBeGreaterThan(0);
    // Clicking through the canvas and the inspector renders every node without an error.
    for (const node of await designer.nodes().all()) await node.click({ force: true });
    expect(errors, `page errors in hostile document ${i + 1}`).toEqual([]);

    await page.reload();
    await designer.waitForEditor();
    await expectDesignerUp(designer);
    expect(await designer.editorText()).toBe(text);
    await expect.poll(() => errorCount(designer)).toBeGreaterThan(0);
    expect(errors, `page errors after reload, hostile document ${i + 1}`).toEqual([]);
  });
}

test('an import of a wrongly typed file with "Replace anyway" opens it; a reload opens it again', async ({ page }) => {
  const errors = watchPageErrors(page);
  const designer = new DesignerPage(page);
  await designer.open();
  const text = `${HOSTILE[0]!.text}---\n${HOSTILE[2]!.text}---\n${HOSTILE[3]!.text}---\n${VALID}`;
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'bricking.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(text),
  });
  const confirm = page.getByRole('dialog', { name: 'Replace the document?' });
  await expect(confirm).toContainText('bricking.yaml has');
  await confirm.getByRole('button', { name: 'Replace anyway' }).click();
  await expect(confirm).toBeHidden();
  await expectDesignerUp(designer);
  await expect.poll(() => designer.editorText()).toBe(text);
  await expect.poll(() => errorCount(designer)).toBeGreaterThan(0);
  // The valid rest is drawn: the DNS policy's namespace.
  await expect(designer.node('ns:shop')).toBeVisible();
  for (const node of await designer.nodes().all()) await node.click({ force: true });
  expect(errors).toEqual([]);

  await page.reload();
  await designer.waitForEditor();
  await expectDesignerUp(designer);
  expect(await designer.editorText()).toBe(text);
  await expect(designer.node('ns:shop')).toBeVisible();
  expect(errors).toEqual([]);
});

const GUIDE = resolve(process.cwd(), '../shared/seed/000_243ac29d2f9b99da.txt');

test('the operator guide (Markdown) imports as its YAML: no error squiggle, the download is its 11 policies', async ({
  page,
}) => {
  test.skip(!existsSync(GUIDE), `../shared is absent: the guide ${GUIDE} is needed`);
  const errors = watchPageErrors(page);
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'guide.md',
    mimeType: 'text/markdown',
    buffer: readFileSync(GUIDE),
  });
  await expect(designer.notice).toContainText('Imported 11 policies from guide.md: kept its');
  await expect(designer.notice).toContainText('lines of prose');
  const text = await designer.editorText();
  expect(text).not.toContain('```');
  // Monaco's own YAML validation and the designer's: no error squiggle anywhere.
  await page.waitForTimeout(1500);
  expect((await designer.markers()).filter((m) => m.severity === 8)).toEqual([]);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download YAML' }).click();
  const saved = readFileSync((await (await download).path())!, 'utf8');
  const policies = (loadAll(saved) as { kind?: string }[]).filter((d) => d?.kind === 'NetworkPolicy');
  expect(policies).toHaveLength(11);
  expect(errors).toEqual([]);
});

test('pasting the guide offers to keep its YAML blocks; Ctrl+Z brings the Markdown back', async ({ page }) => {
  test.skip(!existsSync(GUIDE), `../shared is absent: the guide ${GUIDE} is needed`);
  const errors = watchPageErrors(page);
  const designer = new DesignerPage(page);
  await designer.open();
  const guide = readFileSync(GUIDE, 'utf8');
  await designer.pasteIntoEditor(guide);
  const offer = page.getByTestId(TEST_IDS.markdownOffer);
  await offer.getByRole('button', { name: 'Keep only the YAML blocks' }).click();
  await expect(designer.notice).toContainText('Ctrl+Z brings back the Markdown');
  await expect.poll(() => designer.editorText()).not.toContain('```');
  await expect(offer).toBeHidden();
  await page.keyboard.press('Escape');
  await designer.graph.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => designer.editorText()).toBe(guide);
  expect(errors).toEqual([]);
});
