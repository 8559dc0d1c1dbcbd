import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { DesignerPage } from './designerPage.ts';

const GUIDE = resolve(process.cwd(), '../shared/seed/000_243ac29d2f9b99da.txt');

test('import the operator guide (Markdown with YAML blocks) and see its policies drawn', async ({ page }) => {
  test.skip(!existsSync(GUIDE), `../shared is absent: the guide ${GUIDE} is needed`);
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'network-policies.md',
    mimeType: 'text/markdown',
    buffer: readFileSync(GUIDE),
  });
  await expect(designer.notice).toContainText('Imported 11 policies from network-policies.md');
  // The provider namespace with its provider pods, reached by the manager's namespace selector on 9443.
  await expect(designer.node('ns:provider-namespace')).toBeVisible();
  await expect(designer.node('nssel:name=virtrigaud-system')).toContainText('name=virtrigaud-system');
  await expect(
    designer.edgeLabel(
      'nssel:name=virtrigaud-system',
      'pods:provider-namespace:app.kubernetes.io/name=virtrigaud-provider',
    ),
  ).toHaveText('TCP 9443');
  await expect(designer.graph.locator('.react-flow__node[data-id="ip:10.0.0.0/8!10.244.0.0/16"]')).toContainText(
    'except 10.244.0.0/16',
  );
  await expect(designer.node('anywhere')).toBeVisible();
  // The tenant template's {{PARAM}}s can be filled in from a form.
  await page.getByRole('button', { name: /Fill template \(2\)/ }).click();
  const fill = page.getByRole('dialog', { name: 'Fill in template parameters' });
  await fill.getByLabel('TENANT_NAME').fill('blue');
  await fill.getByLabel('TENANT_HYPERVISOR_CIDR').fill('10.77.0.0/16');
  await fill.getByRole('button', { name: 'Fill in' }).click();
  await expect(designer.node('ns:tenant-blue')).toBeVisible();
  await expect(designer.graph.locator('.react-flow__node[data-id="ip:10.77.0.0/16"]')).toBeVisible();
  expect(await designer.editorText()).not.toContain('{{TENANT_NAME}}');
  await designer.expectClean();
});

test('a broken import asks before replacing the document and keeps it when told to; JSON imports too', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const before = await designer.editorText();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'broken.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: [oops\n'),
  });
  const confirm = page.getByRole('dialog', { name: 'Replace the document?' });
  await expect(confirm).toContainText('broken.yaml has 1 error');
  await confirm.getByRole('button', { name: 'Keep current document' }).click();
  await expect(confirm).toBeHidden();
  expect(await designer.editorText()).toBe(before);
  await expect(designer.node('ns:tenant-a')).toBeVisible();

  // A JSON List (kubectl -o json) imports like YAML.
  const json = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: 'json-ns' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
    ],
  });
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'policies.json',
    mimeType: 'application/json',
    buffer: Buffer.from(json),
  });
  await expect(designer.node('ns:json-ns')).toBeVisible();
  expect(await designer.editorText()).toBe(json);
  await designer.expectClean();
});

test('Download YAML saves exactly the document, and it parses', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download YAML' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('networkpolicies.yaml');
  const saved = readFileSync((await download.path())!, 'utf8');
  expect(saved).toBe(await designer.editorText());
  const documents = loadAll(saved) as { kind: string }[];
  expect(documents.filter((d) => d.kind === 'NetworkPolicy')).toHaveLength(7);

  await page.getByRole('button', { name: 'Copy YAML' }).click();
  await expect(designer.notice).toContainText('copied to the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(saved);

  const zipping = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Zip per namespace' }).click();
  const zip = await zipping;
  expect(zip.suggestedFilename()).toBe('networkpolicies.zip');
  const { strFromU8, unzipSync } = await import('fflate');
  const archive = unzipSync(readFileSync((await zip.path())!));
  expect(Object.keys(archive).sort()).toEqual(['monitoring.yaml', 'tenant-a.yaml', 'tenant-b.yaml']);
  const tenantB = loadAll(strFromU8(archive['tenant-b.yaml']!)) as { kind: string }[];
  expect(tenantB.map((d) => d.kind)).toEqual(['Namespace', 'NetworkPolicy', 'NetworkPolicy']);

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'SVG' }).click();
  const svg = readFileSync((await (await svgDownload).path())!, 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('namespace tenant-a');
  expect(svg).toContain('TCP 5432');

  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PNG' }).click();
  const png = readFileSync((await (await pngDownload).path())!);
  expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  await designer.expectClean();
});
