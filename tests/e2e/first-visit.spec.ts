import { expect, test } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

test('a first visit shows the multi-tenant example as a graph beside its YAML, with nothing leaving the page', async ({
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
  await expect(designer.edgeLabels().filter({ hasText: 'UDP 53' })).toHaveCount(1);
  expect(await designer.editorText()).toContain('kind: NetworkPolicy');
  await designer.expectClean();
});
