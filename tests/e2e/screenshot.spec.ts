import { expect, test } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

// Refreshes docs/screenshot.png (the README's picture): `UPDATE_SCREENSHOT=1 npm run e2e -- screenshot`.
test('screenshot of the designer with the example loaded', async ({ page }) => {
  test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to refresh docs/screenshot.png');
  const designer = new DesignerPage(page);
  await designer.open();
  await expect(designer.node('ns:tenant-a')).toBeVisible();
  await designer.edgeLabel('pods:tenant-a:app=web', 'pods:tenant-a:app=api').click({ force: true });
  await expect(designer.inspector.getByRole('heading', { name: 'Flow' })).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
