import { expect, test } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

test('a first visit shows the multi-tenant example as a graph beside its YAML and its connectivity matrix, with nothing leaving the page', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await expect(designer.node('ns:tenant-a')).toBeVisible();
  await expect(designer.node('ns:tenant-a')).toContainText('tenant=a');
  await expect(designer.node('pods:tenant-a:app=api')).toContainText('app=api');
  await expect(designer.node('pods:tenant-a:app=api').locator('[data-shield="ingress"]')).toHaveAttribute(
    'data-isolated',
    'true',
  );
  await expect(designer.graph.locator('.react-flow__node[data-id^="ip:10.20.0.0/16"]')).toContainText(
    'except 10.20.99.0/24',
  );
  await expect(designer.edgeLabels().filter({ hasText: 'TCP 5432' })).toHaveCount(1);
  await expect(designer.edgeLabel('pods:tenant-a:{}', 'pods:kube-system:k8s-app=kube-dns')).toHaveText(
    'UDP 53; TCP 53',
  );
  expect(await designer.editorText()).toContain('kind: NetworkPolicy');

  // The connectivity matrix: who can reach whom end to end.
  await page.getByRole('button', { name: 'Matrix' }).click();
  const matrix = page.getByRole('dialog', { name: 'Connectivity matrix' });
  const row = (name: RegExp) => matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  // tenant-b's app pods reach its db on 5432 and nothing else of tenant-b's db.
  const appRow = row(/^tenant-b\/.*app.*\[/).first();
  await expect(appRow).toContainText('TCP 5432');
  await expect(matrix.getByRole('columnheader').first()).toHaveText('from \\ to');
  await matrix.getByRole('button', { name: 'Close' }).click();
  await expect(matrix).toBeHidden();
  await designer.expectClean();
});
