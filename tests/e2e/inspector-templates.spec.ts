import { expect, test } from '@playwright/test';
import { DesignerPage } from './designerPage.ts';
import { policiesIn } from './yamlDocuments.ts';

test('edit a pod group in the inspector: matchExpressions, isolation; an ipBlock: except', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();

  await designer.node('pods:tenant-b:app=db').click();
  const selector = designer.inspector.getByRole('group', { name: 'Pod selector' });
  await selector.getByRole('button', { name: '+ expression' }).click();
  await selector.getByLabel('Pod selector expression key 1').fill('tier');
  await selector.getByLabel('Pod selector expression operator 1').selectOption('In');
  await selector.getByLabel('Pod selector expression values 1').fill('data, cache');
  await selector.getByRole('button', { name: 'Apply pod selector' }).click();
  const renamed = designer.graph.locator('.react-flow__node[data-id^="pods:tenant-b:app=db,"]');
  await expect(renamed).toContainText('tier In (data, cache)');
  expect(policiesIn(await designer.editorText(), 'tenant-b')['db-from-app']?.podSelector).toEqual({
    matchLabels: { app: 'db' },
    matchExpressions: [{ key: 'tier', operator: 'In', values: ['data', 'cache'] }],
  });

  // Isolation: the app pods of tenant-b become egress-isolated.
  await designer.node('pods:tenant-b:app=app').click();
  await designer.inspector.getByLabel('Isolate egress').check();
  await expect(designer.node('pods:tenant-b:app=app').locator('[data-shield="egress"]')).toHaveAttribute(
    'data-isolated',
    'true',
  );

  // ipBlock except, edited as a list.
  await designer.graph.locator('.react-flow__node[data-id^="ip:10.20.0.0/16"]').click();
  await designer.inspector.getByLabel('Except').fill('10.20.99.0/24\n10.20.100.0/24');
  await designer.inspector.getByRole('button', { name: 'Apply IP block' }).click();
  await expect(designer.graph.locator('.react-flow__node[data-id^="ip:10.20.0.0/16"]')).toContainText(
    'except 10.20.100.0/24',
  );
  expect(await designer.editorText()).toContain('- 10.20.100.0/24');

  // Namespace labels, shown on the container.
  await designer.node('ns:tenant-b').click({ position: { x: 40, y: 10 } });
  await designer.inspector.getByLabel('Namespace labels').fill('tenant=b\ntier=gold');
  await designer.inspector.getByRole('button', { name: 'Apply labels' }).click();
  await expect(designer.node('ns:tenant-b')).toContainText('tier=gold');

  // Deleting a flow removes its rule: tenant-b's app pods no longer reach the database.
  const flow = designer.edgeLabel('pods:tenant-b:app=app', 'pods:tenant-b:app=db');
  await flow.click({ force: true });
  await designer.inspector.getByRole('button', { name: 'Delete flow' }).click();
  await expect(flow).toHaveCount(0);
  expect(policiesIn(await designer.editorText(), 'tenant-b')['db-from-app']?.ingress).toBeUndefined();
  await designer.expectClean();
});

test('templates add correct policies: the guide provider pattern with the manager AND its namespace in one peer', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Templates').selectOption('provider-from-manager');
  const dialog = page.getByRole('dialog', { name: 'Add from a template' });
  await dialog.getByLabel('Namespace', { exact: true }).fill('vsphere-providers');
  await dialog.getByRole('button', { name: 'Add policy' }).click();
  await expect(dialog).toBeHidden();
  // Marked `~` (changed against the opened document): the providers were not isolated before, so the manager
  // could reach them on every port; now on TCP 9443 only.
  const managerToProvider = designer.edgeLabel(
    'pods:virtrigaud-system:app.kubernetes.io/name=virtrigaud-manager',
    'pods:vsphere-providers:app.kubernetes.io/name=virtrigaud-provider',
  );
  await expect(managerToProvider).toHaveText('~ TCP 9443');
  await expect(managerToProvider).toHaveAttribute('data-change', 'changed');
  const policy = policiesIn(await designer.editorText(), 'vsphere-providers')[
    'allow-from-virtrigaud-system-virtrigaud-manager'
  ];
  expect(policy?.policyTypes).toEqual(['Ingress']);

  await page.getByLabel('Templates').selectOption('default-deny-egress');
  await dialog.getByLabel('Namespace', { exact: true }).fill('vsphere-providers');
  await dialog.getByRole('button', { name: 'Add policy' }).click();
  await expect(designer.node('pods:vsphere-providers:{}').locator('[data-shield="egress"]')).toHaveAttribute(
    'data-isolated',
    'true',
  );
  await designer.expectClean();
});

test('a kubectl get networkpolicy -A -o yaml dump dropped on the page is drawn', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const items = Array.from({ length: 40 }, (_, i) => {
    const ns = `team-${i % 8}`;
    return `- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy"}
    creationTimestamp: "2026-01-0${(i % 9) + 1}T10:00:00Z"
    generation: 1
    name: allow-${i}
    namespace: ${ns}
    resourceVersion: "${1000 + i}"
    uid: 0000-${i}
  spec:
    podSelector:
      matchLabels:
        app: svc-${i}
    policyTypes:
    - Ingress
    ingress:
    - from:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: team-${(i + 1) % 8}
      ports:
      - port: ${8000 + i}
        protocol: TCP`;
  });
  const dump = `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'cluster-policies.yaml', { type: 'application/yaml' }));
    return transfer;
  }, dump);
  await page.locator('.app').dispatchEvent('dragover', { dataTransfer });
  await page.locator('.app').dispatchEvent('drop', { dataTransfer });
  await expect(designer.notice).toContainText('Imported 40 policies from cluster-policies.yaml');
  await expect(designer.node('ns:team-7')).toBeVisible();
  await expect(designer.edgeLabel('pods:team-1:{}', 'pods:team-0:app=svc-0')).toHaveText('TCP 8000');
  expect(await designer.editorText()).toBe(dump);
  await designer.expectClean();
});
