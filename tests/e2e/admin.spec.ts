import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DesignerPage } from './designerPage.ts';

/** np-guard's "Story 1: deny traffic at a cluster level": an AdminNetworkPolicy (v1alpha1), Deny at priority 10. */
const SAMPLE = resolve(
  process.cwd(),
  '../shared/conformance/np-guard-admin/scenarios/anp_test_1_deny_traffic_at_cluster_level/input/anp.yaml',
);

test('import an admin policy, migrate it to a ClusterNetworkPolicy, see its deny flow, edit priority and action, undo', async ({
  page,
}) => {
  test.skip(!existsSync(SAMPLE), `../shared is absent: the sample ${SAMPLE} is needed`);
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByLabel('Import YAML').setInputFiles({
    name: 'anp.yaml',
    mimeType: 'application/yaml',
    buffer: readFileSync(SAMPLE),
  });
  await expect(designer.notice).toContainText('Imported 1 policies from anp.yaml');

  // v1alpha1 is offered the migration; it is one change.
  const offer = page.getByTestId('migrate-offer');
  await offer.getByRole('button', { name: 'Migrate to ClusterNetworkPolicy' }).click();
  await expect(offer).toBeHidden();
  await expect(designer.notice).toContainText('Migrated 1 policy to ClusterNetworkPolicy');
  let text = await designer.editorText();
  expect(text).toContain('kind: ClusterNetworkPolicy');
  expect(text).toContain('tier: Admin');
  expect(text).toContain('# Sample Spec for Story 1');

  // The Deny flow is drawn as an Admin-tier Deny: red, thick, marked ⊘.
  const deny = designer.graph.locator('[data-testid="edge-label"][data-action="Deny"]');
  await expect(deny).toHaveCount(1);
  await expect(deny).toHaveAttribute('data-tier', 'Admin');
  await expect(deny).toContainText('⊘ Deny (Admin)');
  const edgeId = (await deny.getAttribute('data-edge-id'))!;
  const path = designer.graph.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`);
  await expect(path).toHaveClass(/action-deny/);
  await expect(path).toHaveCSS('stroke', 'rgb(197, 34, 31)');

  // The inspector shows and edits the policy's tier, priority and the rule's action.
  await deny.click();
  const policy = designer.inspector.locator('[data-admin-policy="cnp/cluster-wide-deny-example"]');
  await expect(policy.getByLabel('Tier')).toHaveValue('Admin');
  await expect(policy.getByLabel('Priority')).toHaveValue('10');
  await policy.getByLabel('Priority').fill('20');
  await policy.getByRole('button', { name: 'Apply priority' }).click();
  await expect.poll(() => designer.editorText()).toContain('priority: 20');
  await designer.inspector.getByLabel('Action of ingress[0]').selectOption('Pass');
  await expect.poll(() => designer.editorText()).toContain('action: Pass');
  text = await designer.editorText();
  expect(text).toContain('priority: 20');
  expect(text).not.toContain('action: Deny');
  // The flow is now a Pass flow (grey, dashed).
  const pass = designer.graph.locator('[data-testid="edge-label"][data-action="Pass"]');
  await expect(pass).toHaveCount(1);
  await expect(deny).toHaveCount(0);

  // Undo takes the edits back, one at a time.
  const undo = page.getByRole('button', { name: 'Undo' });
  await undo.click();
  await expect.poll(() => designer.editorText()).toContain('action: Deny');
  expect(await designer.editorText()).toContain('priority: 20');
  await undo.click();
  await expect.poll(() => designer.editorText()).toContain('priority: 10');
  await expect(designer.graph.locator('[data-testid="edge-label"][data-action="Deny"]')).toHaveCount(1);
  await designer.expectClean();
});

test('the tenant wizard enforces isolation at the Admin tier: one ClusterNetworkPolicy per tenant, drawn as Deny flows', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await page.getByRole('button', { name: 'Tenant isolation…' }).click();
  const wizard = page.getByRole('dialog', { name: 'Tenant isolation' });
  await wizard.getByLabel('Tenant 1 namespace').fill('acme');
  await wizard.getByLabel('Tenant 2 namespace').fill('globex');
  await wizard.getByLabel('Shared namespaces').fill('monitoring');
  await wizard.getByLabel('Enforce isolation at the Admin tier').check();
  await expect(wizard).toContainText('the API cannot say "same tenant" in one policy');
  await wizard.getByRole('button', { name: 'Generate policies' }).click();
  await expect(wizard).toBeHidden();
  await expect(designer.notice).toContainText('Tenant isolation for acme, globex (3 policies)');

  const text = await designer.editorText();
  for (const name of ['tenant-isolation-acme', 'tenant-isolation-globex', 'tenant-baseline'])
    expect(text).toContain(`name: ${name}`);
  // Each tenant refuses the other at the Admin tier; the Baseline default refuses outsiders.
  const adminDeny = designer.graph.locator('[data-testid="edge-label"][data-action="Deny"][data-tier="Admin"]');
  await expect(adminDeny).toHaveCount(2);
  await expect(
    designer.graph.locator('[data-testid="edge-label"][data-action="Deny"][data-tier="Baseline"]'),
  ).toHaveCount(1);
  // The tenant's subject shows its policy in the inspector.
  // (The new policies' nodes are placed in a column, so labels may overlap: the label is clicked directly.)
  await adminDeny.first().dispatchEvent('click');
  await expect(designer.inspector.getByLabel('Tier')).toHaveValue('Admin');
  await expect(designer.inspector.getByLabel('Action of ingress[0]')).toHaveValue('Deny');
  await designer.expectClean();
});
