import { expect, test } from '@playwright/test';
import { TEST_IDS } from '../../src/ui/testIds.ts';
import { DesignerPage } from './designerPage.ts';

const WEB = 'pods:tenant-a:app=web';
const API = 'pods:tenant-a:app=api';
const PROMETHEUS = 'pods:monitoring:app=prometheus';

/** 1-based line of the n-th line containing `needle`. */
const lineOf = (text: string, needle: string, n = 0): number =>
  text.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []))[n]!;

test('explain a connection: pick two nodes → verdict, ports and the deciding rules; a rule link moves the editor cursor to its line', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const text = await designer.editorText();
  const panel = page.getByTestId(TEST_IDS.explainPanel);

  // Esc gives up picking.
  await panel.getByRole('button', { name: 'Explain a connection…' }).click();
  await expect(panel.getByTestId(TEST_IDS.explainHint)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId(TEST_IDS.explainHint)).toHaveCount(0);
  await panel.getByRole('button', { name: 'Explain a connection…' }).click();
  await expect(panel.getByTestId(TEST_IDS.explainHint)).toHaveText(/Click the source node/);
  await designer.node(WEB).click();
  await expect(panel.getByTestId(TEST_IDS.explainHint)).toHaveText(/From app=web in tenant-a: click the destination/);
  await designer.node(API).click();

  await expect(panel.getByTestId(TEST_IDS.explainVerdict)).toHaveText('ALLOWED');
  await expect(panel.getByTestId(TEST_IDS.explainPorts)).toHaveText('Allowed: TCP 8080');
  await expect(panel).toContainText('a pod matching app=web in namespace tenant-a');
  const egress = panel.locator(`[data-testid="${TEST_IDS.explainDirection}"][data-direction="egress"]`);
  const ingress = panel.locator(`[data-testid="${TEST_IDS.explainDirection}"][data-direction="ingress"]`);
  await expect(egress).toContainText('isolated by tenant-a/default-deny-all');
  await expect(egress).toContainText('tenant-a/web-egress spec.egress[0].to[0] allows TCP 8080');
  await expect(ingress).toContainText('tenant-a/api-from-web-and-monitoring spec.ingress[0].from[0] allows TCP 8080');

  // The rule's link puts the editor's cursor on the peer that allows it.
  const ruleLine = lineOf(text, '        - podSelector:', 1);
  const link = egress.locator('li', { hasText: 'web-egress spec.egress[0].to[0]' }).getByTestId(TEST_IDS.explainLine);
  await expect(link).toHaveText(`line ${ruleLine}`);
  await link.click();
  await expect.poll(() => designer.cursorLine()).toBe(ruleLine);
  expect(
    text
      .split('\n')
      .slice(ruleLine - 1, ruleLine + 2)
      .join('\n'),
  ).toContain('app: api');

  // On a port no rule lists: denied, and the rule that matches the peer says what it allows instead.
  await panel.getByLabel('Port to explain').fill('80');
  await expect(panel.getByTestId(TEST_IDS.explainVerdict)).toHaveText('DENIED on TCP 80');
  await expect(egress).toContainText('matches, but only allows TCP 8080');

  // An isolating policy links to its podSelector.
  const isolating = egress.locator('li', { hasText: 'isolated by tenant-a/default-deny-all' });
  await isolating.getByTestId(TEST_IDS.explainLine).click();
  await expect.poll(() => designer.cursorLine()).toBe(lineOf(text, '  podSelector: {}', 1));

  await panel.getByRole('button', { name: 'Close explain' }).click();
  await expect(panel.getByTestId(TEST_IDS.explainVerdict)).toHaveCount(0);
  await designer.expectClean();
});

test('explain a flow: select it, then "Explain this flow" → its ends on its port', async ({ page }) => {
  const designer = new DesignerPage(page);
  await designer.open();
  const panel = page.getByTestId(TEST_IDS.explainPanel);
  await designer.edgeLabel(PROMETHEUS, API).click();
  await panel.getByRole('button', { name: 'Explain this flow' }).click();
  await expect(panel.getByTestId(TEST_IDS.explainVerdict)).toHaveText('ALLOWED on TCP 9090');
  await expect(panel).toContainText('app=prometheus in monitoring');
  const ingress = panel.locator(`[data-testid="${TEST_IDS.explainDirection}"][data-direction="ingress"]`);
  await expect(ingress).toContainText('spec.ingress[1].from[0] allows TCP 9090');
  // The monitoring pod's egress is not isolated: said so, with nothing to link.
  const egress = panel.locator(`[data-testid="${TEST_IDS.explainDirection}"][data-direction="egress"]`);
  await expect(egress).toContainText('is not isolated for egress');

  // The selected node's own action: explain from it to the next node clicked; the other way is denied.
  await designer.node(API).click();
  await panel.getByRole('button', { name: 'Close explain' }).click();
  await panel.getByRole('button', { name: /Explain from app=api to/ }).click();
  await designer.node(WEB).click();
  await expect(panel.getByTestId(TEST_IDS.explainVerdict)).toHaveText('DENIED');
  await expect(panel.getByTestId(TEST_IDS.explainPorts)).toHaveText('Allowed: No Connections');
  await designer.expectClean();
});

const TIERS = `apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-a}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
    - action: Deny
      from: [{namespaces: {matchLabels: {team: a}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
`;

test('explain with the admin tier: a NetworkPolicy flow denied by a ClusterNetworkPolicy rule, linked to its line', async ({
  page,
}) => {
  const designer = new DesignerPage(page);
  await designer.open();
  await designer.pasteIntoEditor(TIERS);
  const panel = page.getByTestId(TEST_IDS.explainPanel);
  const flow = designer.edgeLabel('nssel:team=a', 'pods:b:{}');
  await expect(flow).toBeVisible();
  await flow.click();
  await panel.getByRole('button', { name: 'Explain this flow' }).click();
  await expect(panel.getByTestId(TEST_IDS.explainVerdict)).toHaveText('DENIED');
  const ingress = panel.locator(`[data-testid="${TEST_IDS.explainDirection}"][data-direction="ingress"]`);
  const tier = ingress.locator('li', { hasText: 'cnp/deny-a ingress[0] (Admin, priority 10): Deny' });
  await expect(tier).toBeVisible();
  // The NetworkPolicy's rule matches too, but the Admin tier decides first.
  await expect(ingress).toContainText('b/np spec.ingress[0].from[0] allows');
  await tier.getByTestId(TEST_IDS.explainLine).click();
  await expect.poll(() => designer.cursorLine()).toBe(lineOf(TIERS, '- action: Deny'));
  // On a port, the deciding rule is named.
  await panel.getByLabel('Port to explain').fill('443');
  await expect(ingress).toContainText('cnp/deny-a ingress[0] (Admin, priority 10): Deny decides');
  await designer.expectClean();
});
