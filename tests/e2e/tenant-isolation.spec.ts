import { expect, test } from '@playwright/test';
import { load } from 'js-yaml';
import { DesignerPage } from './designerPage.ts';
import { policiesIn } from './yamlDocuments.ts';

test('design tenant isolation with the wizard, then allow one more flow by hand and set its port', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();

  await page.getByRole('button', { name: 'Tenant isolation…' }).click();
  const wizard = page.getByRole('dialog', { name: 'Tenant isolation' });
  await wizard.getByLabel('Tenant 1 namespace').fill('acme');
  await wizard.getByLabel('Tenant 1 CIDRs').fill('10.10.0.0/16');
  await wizard.getByLabel('Tenant 1 ports').fill('TCP 443, TCP 5432');
  await wizard.getByLabel('Tenant 2 namespace').fill('globex');
  await wizard.getByLabel('Tenant 2 CIDRs').fill('');
  await wizard.getByLabel('Shared namespaces').fill('monitoring, virtrigaud-system');
  await wizard.getByRole('button', { name: 'Generate policies' }).click();
  await expect(wizard).toBeHidden();

  // Drawn: each tenant with its isolated pods, DNS and the tenant's CIDR.
  for (const tenant of ['acme', 'globex']) {
    await expect(designer.node(`ns:${tenant}`)).toBeVisible();
    const pods = designer.node(`pods:${tenant}:{}`);
    await expect(pods.locator('[data-shield="ingress"]')).toHaveAttribute('data-isolated', 'true');
    await expect(pods.locator('[data-shield="egress"]')).toHaveAttribute('data-isolated', 'true');
  }
  await expect(designer.graph.locator('.react-flow__node[data-id="ip:10.10.0.0/16"]')).toBeVisible();
  // Marked `~` (changed against the opened document): before the wizard, acme's pods were not isolated for
  // egress, so all connections to that range were allowed; now only these ports are.
  const toCidr = designer.edgeLabel('pods:acme:{}', 'ip:10.10.0.0/16');
  await expect(toCidr).toHaveText('~ TCP 443, 5432');
  await expect(toCidr).toHaveAttribute('data-change', 'changed');

  // Written: the policies the wizard promises, as valid YAML appended to the example.
  const yaml = await designer.editorText();
  expect(yaml.startsWith('# Two tenants isolated')).toBe(true);
  const acme = policiesIn(yaml, 'acme');
  expect(Object.keys(acme).sort()).toEqual([
    'allow-dns-egress',
    'allow-egress-to-cidrs',
    'allow-from-shared-namespaces',
    'allow-same-namespace',
    'default-deny-all',
  ]);
  expect(acme['default-deny-all']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  expect(acme['allow-dns-egress']).toEqual({
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
    ],
  });
  expect(load(yaml.split('\n---\n').at(-1)!)).toBeTruthy();

  // By hand: tenant-a's web pods may reach tenant-b's database.
  await designer.connect('pods:tenant-a:app=web', 'pods:tenant-b:app=db');
  const drawn = designer.edgeLabel('pods:tenant-a:app=web', 'pods:tenant-b:app=db');
  // `+`: a connection the opened document did not allow (the Changes marks); the ports follow.
  await expect(drawn).toHaveText('+ all ports');
  await expect(designer.inspector.getByRole('heading', { name: 'Flow' })).toBeVisible();
  await designer.inspector.getByRole('button', { name: '+ port' }).click();
  await designer.inspector.getByLabel('Port 1', { exact: true }).fill('5432');
  await designer.inspector.getByRole('button', { name: 'Apply ports' }).click();
  await expect(drawn).toHaveText('+ TCP 5432');
  // A range and another protocol, edited in full (never collapsed).
  await designer.inspector.getByRole('button', { name: '+ port' }).click();
  await designer.inspector.getByLabel('Protocol 2').selectOption('UDP');
  await designer.inspector.getByLabel('Port 2', { exact: true }).fill('8000');
  await designer.inspector.getByLabel('End port 2').fill('9000');
  await designer.inspector.getByRole('button', { name: 'Apply ports' }).click();
  await expect(drawn).toHaveText('+ TCP 5432; UDP 8000-9000');
  await designer.inspector.getByRole('button', { name: 'Remove port 2' }).click();
  await designer.inspector.getByRole('button', { name: 'Apply ports' }).click();
  await expect(drawn).toHaveText('+ TCP 5432');

  const tenantB = policiesIn(await designer.editorText(), 'tenant-b');
  expect(tenantB['db-from-app']?.ingress).toContainEqual({
    from: [
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenant-a' } },
        podSelector: { matchLabels: { app: 'web' } },
      },
    ],
    ports: [{ protocol: 'TCP', port: 5432 }],
  });
  await designer.expectClean();
});
