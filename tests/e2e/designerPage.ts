/** Page object for the designer: what a user sees and does, named as they would name it. */
import { expect, type Locator, type Page } from '@playwright/test';
import { TEST_IDS } from '../../src/ui/testIds.ts';

declare global {
  interface Window {
    __netpolEditor?: {
      getValue(): string;
      setValue(text: string): void;
      cursorLine(): number | undefined;
      markers(): { line: number; severity: number; message: string; owner: string }[];
      deriveEngine(): 'worker' | 'inline';
    };
  }
}

/** The preview server's origin (playwright.config.ts: E2E_PORT, default 4173). */
const ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}/`;

export class DesignerPage {
  readonly graph: Locator;
  readonly editorRegion: Locator;
  readonly problems: Locator;
  readonly inspector: Locator;
  readonly staleBanner: Locator;
  readonly notice: Locator;
  /** Page errors and console errors seen so far; journeys assert it stays empty. */
  readonly errors: string[] = [];
  /** Requests to any other origin; journeys assert it stays empty. */
  readonly offOrigin: string[] = [];

  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.graph = page.getByRole('region', { name: 'Policy graph' });
    this.editorRegion = page.getByRole('region', { name: 'YAML editor' });
    this.problems = page.getByTestId(TEST_IDS.problems);
    this.inspector = page.getByTestId(TEST_IDS.inspector);
    this.staleBanner = page.getByTestId(TEST_IDS.staleBanner);
    this.notice = page.getByTestId(TEST_IDS.notice);
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!/^(blob:|data:)/.test(url) && !url.startsWith(ORIGIN)) this.offOrigin.push(url);
    });
  }

  /** Opens the designer (each test has a fresh browser context, so a first visit unless it saved before). */
  async open(hash = '') {
    await this.page.goto(`/${hash}`);
    await this.waitForEditor();
  }

  async waitForEditor() {
    await expect(this.editorRegion.locator('.monaco-editor').first()).toBeVisible();
    await this.page.waitForFunction(() => !!window.__netpolEditor);
  }

  node(id: string): Locator {
    return this.graph.locator(`.react-flow__node[data-id="${id}"]`);
  }

  nodes(): Locator {
    return this.graph.locator('.react-flow__node');
  }

  edgeLabels(): Locator {
    return this.graph.getByTestId(TEST_IDS.edgeLabel);
  }

  edgeLabel(source: string, target: string): Locator {
    return this.graph.locator(
      `[data-testid="${TEST_IDS.edgeLabel}"][data-edge-id*="${source}"][data-edge-id*="${target}"]`,
    );
  }

  async editorText(): Promise<string> {
    return this.page.evaluate(() => window.__netpolEditor!.getValue());
  }

  /** Replaces the editor's text as a paste would (one edit, then the usual typing debounce). */
  async pasteIntoEditor(text: string) {
    await this.page.evaluate((t) => window.__netpolEditor!.setValue(t), text);
  }

  async cursorLine() {
    return this.page.evaluate(() => window.__netpolEditor!.cursorLine());
  }

  async markers() {
    return this.page.evaluate(() => window.__netpolEditor!.markers());
  }

  async typeAtEndOfEditor(text: string) {
    await this.editorRegion.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('ControlOrMeta+End');
    await this.page.keyboard.type(text);
  }

  /** Drags from a node's outgoing handle to another node's incoming handle. */
  async connect(sourceId: string, targetId: string) {
    const from = this.node(sourceId).locator('.react-flow__handle.source').first();
    const to = this.node(targetId).locator('.react-flow__handle.target').first();
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await this.page.mouse.up();
  }

  async expectClean() {
    expect(this.offOrigin, 'requests that left the page origin').toEqual([]);
    expect(this.errors, 'console and page errors').toEqual([]);
  }
}
