import { expect, test } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
      ports:
        - port: 5432
    - from:
        - podSelector:
            matchLabels:
              app: api
`;

test('change impact: import, delete a rule, see the flow listed as removed, undo, the list is empty', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'shop.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(POLICIES),
  });
  await expect(designer.notice).toContainText('Imported 1 policies from shop.yaml');
  const changes = page.getByRole('region', { name: 'Changes' });
  // The imported document is the baseline: nothing changed yet.
  await expect(changes).toContainText('No change in what is allowed.');

  // Delete the api → db rule in the YAML: the connection it allowed is listed as removed.
  const flow = designer.edgeLabel('pods:shop:app=api', 'pods:shop:app=db');
  await expect(flow).toHaveCount(1);
  await designer.pasteIntoEditor(
    POLICIES.replace(/ {4}- from:\n {8}- podSelector:\n {12}matchLabels:\n {14}app: api\n/, ''),
  );
  const entries = changes.getByRole('listitem');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(
    'removed: shop/{app=api}[Pod] → shop/{app=db}[Pod], All Connections → No Connections',
  );
  // The web → db flow is untouched, so it is not listed.
  await expect(changes).not.toContainText('app=web');

  // Undo brings the rule back, and the list is empty again.
  await designer.graph.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ControlOrMeta+z');
  await expect(entries).toHaveCount(0);
  await expect(flow).toHaveCount(1);
  await expect(changes).toContainText('No change in what is allowed.');

  // A changed port is listed as changed, with the ports before → after; clicking the entry selects the flow.
  await designer.pasteIntoEditor(POLICIES.replace('port: 5432', 'port: 5433'));
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('changed: shop/{app=web}[Pod] → shop/{app=db}[Pod], TCP 5432 → TCP 5433');
  await entries.first().getByRole('button').click();
  await expect(designer.inspector).toContainText('5433');
  await designer.expectClean();
});
