/**
 * Browser keys: the initial JavaScript's gzip size (from a production build), and in Chromium the latency from a
 * keystroke in the YAML editor to the graph showing the change, and the frame time while panning the canvas.
 *
 * One build into a temporary directory, served by `vite preview`; Chromium is driven through Playwright's API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { projectGraph, read } from '../src/core/index.ts';
import { generateCluster } from './generate.ts';
import { median, round } from './measure.ts';
import type { KeyName, Machine } from './report.ts';

export interface BrowserContext {
  root: string;
  values: Record<KeyName, number | null>;
  errors: Partial<Record<KeyName, string>>;
  details: Record<string, unknown>;
  machine: Machine;
  step: (keys: KeyName[], name: string, run: () => Promise<void>) => Promise<void>;
  /** Whether any of these keys is measured in this run (`--only`, `--core`). */
  want: (...keys: KeyName[]) => boolean;
}

/** `BENCH_PORT` when several checkouts share the machine (each its own port and build directory). */
const PORT = Number(process.env.BENCH_PORT ?? 4180);
const OUT_DIR = process.env.BENCH_PORT ? `/tmp/netpol-bench-dist-${PORT}` : '/tmp/netpol-bench-dist';
const BASE = `http://127.0.0.1:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-500)}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// initialJsKbGzip

export interface BundleMeasure {
  /** Initial JS: the entry script and its modulepreload links, as index.html references them. */
  initial: { file: string; bytes: number; gzipBytes: number }[];
  initialGzipBytes: number;
  /** Every other JS file of the build (lazy chunks, workers), for reference. */
  lazy: { file: string; bytes: number; gzipBytes: number }[];
}

export function measureBundle(outDir: string): BundleMeasure {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g))
    if (/type="module"/.test(m[0])) refs.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*>/g))
    if (/rel="modulepreload"/.test(m[0])) {
      const href = /href="([^"]+)"/.exec(m[0]);
      if (href) refs.add(href[1]!);
    }
  const size = (file: string) => {
    const buf = readFileSync(join(outDir, file.replace(/^\//, '')));
    return { file: file.replace(/^\//, ''), bytes: buf.length, gzipBytes: gzipSync(buf).length };
  };
  const initial = [...refs].filter((f) => f.endsWith('.js')).map(size);
  const initialSet = new Set(initial.map((f) => f.file));
  const all = readdirJs(outDir);
  const lazy = all.filter((f) => !initialSet.has(f)).map(size);
  return { initial, initialGzipBytes: initial.reduce((a, f) => a + f.gzipBytes, 0), lazy };
}

function readdirJs(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSyncSafe(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...readdirJs(dir, rel));
    else if (entry.name.endsWith('.js')) out.push(rel);
  }
  return out;
}

function readdirSyncSafe(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

/** The policy every edit-latency document starts with; typing after `bench` renames its subject node. */
const EDIT_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bench-edit
  namespace: bench
spec:
  podSelector:
    matchLabels:
      app: bench
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: client
`;
/** 1-based line of `      app: bench` in EDIT_POLICY. */
export const EDIT_LINE = 9;
export const editNodeId = (suffix: string) => `pods:bench:app=bench${suffix}`;

export function editDocument(policies: number): string {
  const { policyText } = generateCluster({ policies: policies - 1, workloads: 0, labelSets: 1, seed: 7 });
  return policies > 1 ? `${EDIT_POLICY}---\n${policyText}` : EDIT_POLICY;
}

/**
 * A policies-only text whose graph has about `nodes` nodes: of the fewest policies that reach the count and one
 * policy fewer, whichever comes closer (one policy adds several nodes, so the count is not always exact). `ids` are
 * the graph's node ids (to tell when the canvas shows this graph and no longer the one before).
 */
export function canvasDocument(nodes: number): {
  text: string;
  nodes: number;
  edges: number;
  policies: number;
  ids: string[];
} {
  const count = (n: number) => {
    const { policyText } = generateCluster({ policies: n, workloads: 0, labelSets: 1, seed: 11 });
    const g = projectGraph(read(policyText));
    return {
      text: policyText,
      nodes: g.nodes.length,
      edges: g.edges.length,
      policies: n,
      ids: g.nodes.map((x) => x.id),
    };
  };
  let lo = 1;
  let hi = 1;
  while (count(hi).nodes < nodes) hi *= 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (count(mid).nodes >= nodes) hi = mid;
    else lo = mid + 1;
  }
  const over = count(lo);
  const under = lo > 1 ? count(lo - 1) : over;
  return nodes - under.nodes < over.nodes - nodes ? under : over;
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers

/** What the bench reads and writes on `window` (the editor's test hook, see src/ui/editor/YamlEditor.tsx). */
interface BenchWindow {
  __netpolEditor?: { getValue(): string; setValue(text: string): void };
  __benchPending?: Promise<number>;
}

export async function openDesigner(browser: Browser, base = BASE): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx (which runs this file) compiles with keepNames, so functions passed to page.evaluate call a `__name`
  // helper that exists only in Node; give the page an identity one.
  await context.addInitScript('Object.defineProperty(globalThis, "__name", { value: (f) => f, configurable: true })');
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => !!(window as unknown as BenchWindow).__netpolEditor, undefined, {
    timeout: 120_000,
  });
  return page;
}

/** The canvas's zoom, from React Flow's viewport transform. */
export function viewportZoom(page: Page): Promise<number> {
  return page.evaluate(() =>
    Number(
      /scale\(([\d.e-]+)\)/.exec((document.querySelector('.react-flow__viewport') as HTMLElement).style.transform)?.[1],
    ),
  );
}

/** Chooses `text` as the file of the designer's "Import…" input (`cluster.yaml`), as a user would. */
export async function chooseImportFile(page: Page, text: string): Promise<void> {
  await page.locator('input[aria-label="Import YAML"]').setInputFiles({
    name: 'cluster.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(text),
  });
}

/** Waits until the canvas shows at least one node and only nodes of the graph whose node ids are `ids`. */
export async function waitForGraph(page: Page, ids: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (known) => {
      const all = [...document.querySelectorAll('.react-flow__node')];
      const set = new Set(known);
      return all.length > 0 && all.every((n) => set.has(n.getAttribute('data-id') ?? ''));
    },
    ids,
    { timeout: 300_000, polling: 100 },
  );
}

/**
 * Pastes a document through the editor's test hook and waits until the canvas shows it: a node with `nodeId`, at
 * least `nodes` nodes, or (`ids`) at least one node and only nodes of that graph (the designer opens with the
 * example document, whose nodes must be gone).
 */
export async function loadDocument(
  page: Page,
  text: string,
  waitFor: { nodeId?: string; nodes?: number; ids?: string[] },
) {
  await page.evaluate((t) => (window as unknown as BenchWindow).__netpolEditor!.setValue(t), text);
  await page.waitForFunction(
    ({ nodeId, nodes, ids }) => {
      const all = [...document.querySelectorAll('.react-flow__node')];
      if (nodes !== undefined && all.length < nodes) return false;
      if (nodeId !== undefined && !all.some((n) => n.getAttribute('data-id') === nodeId)) return false;
      if (ids !== undefined) {
        const known = new Set(ids);
        if (!all.length || !all.every((n) => known.has(n.getAttribute('data-id') ?? ''))) return false;
      }
      return true;
    },
    waitFor,
    { timeout: 300_000, polling: 250 },
  );
  await settle(page);
}

/** Waits for the page to go quiet: two animation frames after an idle callback. */
export async function settle(page: Page, ms = 1000) {
  await sleep(ms);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), {
          timeout: 10_000,
        }),
      ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// editLatencyRatio

export interface EditMeasure {
  policies: number;
  nodes: number;
  /** Keystroke (the keydown event's timestamp) → first animation frame after the renamed node is in the DOM. */
  samples: number[];
  median: number;
}

async function measureEdit(browser: Browser, policies: number, reps: number): Promise<EditMeasure> {
  const page = await openDesigner(browser);
  try {
    await loadDocument(page, editDocument(policies), { nodeId: editNodeId('') });
    const nodes = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length);
    // Cursor to the end of `app: bench` (first line, then down, then End).
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 1; i < EDIT_LINE; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await settle(page, 500);
    const samples: number[] = [];
    let suffix = '';
    // One untimed keystroke pair first (warm-up), then `reps` timed keystrokes alternating type / delete.
    for (let i = 0; i < reps + 2; i++) {
      const next = suffix === '' ? 'x' : '';
      await page.evaluate((id) => {
        let keyAt = -1;
        const onKey = (e: KeyboardEvent) => {
          if (keyAt < 0) keyAt = e.timeStamp;
        };
        document.addEventListener('keydown', onKey, true);
        (window as unknown as BenchWindow).__benchPending = new Promise<number>((resolve, reject) => {
          const has = () =>
            [...document.querySelectorAll('.react-flow__node')].some((n) => n.getAttribute('data-id') === id);
          const timer = setTimeout(() => {
            observer.disconnect();
            reject(new Error(`node ${id} did not appear within 120 s`));
          }, 120_000);
          const observer = new MutationObserver(() => {
            if (keyAt < 0 || !has()) return;
            observer.disconnect();
            clearTimeout(timer);
            document.removeEventListener('keydown', onKey, true);
            requestAnimationFrame(() => resolve(performance.now() - keyAt));
          });
          observer.observe(document.querySelector('.react-flow') ?? document.body, {
            childList: true,
            subtree: true,
            attributes: true,
            attributeFilter: ['data-id'],
          });
        });
      }, editNodeId(next));
      await page.keyboard.press(next === 'x' ? 'x' : 'Backspace');
      const latency = await page.evaluate(() => (window as unknown as BenchWindow).__benchPending!);
      if (i >= 2) samples.push(round(latency));
      suffix = next;
      await settle(page, 300);
    }
    return { policies, nodes, samples, median: round(median(samples)) };
  } finally {
    await page.context().close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// canvasFrameRatio

export interface FrameMeasure {
  nodes: number;
  edges: number;
  policies: number;
  /** The zoom "fit view" gave, and what the canvas had in the DOM there before the drag. */
  zoom: number;
  renderedNodes: number;
  /** React Flow edge elements (0 in the overview, which draws the flows as a few paths: src/ui/canvas/lod.ts). */
  renderedEdges: number;
  /** Animation frames between pointer down and pointer up, and in how many of them the viewport had moved. */
  frames: number;
  framesMoved: number;
  /** Mouse moves sent (each waits for the page to take the previous one) and pointer moves the page received. */
  moves: number;
  pointerMoves: number;
  /** Interval between animation frames while the pane is dragged, ms. */
  meanFrameMs: number;
  medianFrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
}

interface PanWindow {
  __pan: { frames: number[]; moved: number; pointerMoves: number; recording: boolean; done: boolean };
}

/**
 * `zoomTo`: before the drag, zoom with the controls' buttons (around the view's centre, a factor 1.2 a click) from
 * the fitted zoom into [zoomTo, 1.2 × zoomTo): out while above, then in while below. The panZoomedRatio key pans
 * both graphs there (zoomTo 0.5); canvasFrameRatio pans at the fitted zoom.
 */
export async function measurePan(
  browser: Browser,
  nodes: number,
  durationMs: number,
  zoomTo?: number,
  base = BASE,
): Promise<FrameMeasure> {
  const doc = canvasDocument(nodes);
  const page = await openDesigner(browser, base);
  try {
    await loadDocument(page, doc.text, { ids: doc.ids });
    // Fit the whole graph in view, as a user would before panning around it.
    await page.locator('.react-flow__controls-fitview').click();
    await settle(page, 1500);
    if (zoomTo !== undefined) {
      const zoomNow = () => viewportZoom(page);
      for (let k = 0; k < 30 && (await zoomNow()) >= zoomTo * 1.2; k++) {
        await page.locator('.react-flow__controls-zoomout').click();
        await settle(page, 300);
      }
      for (let k = 0; k < 30 && (await zoomNow()) < zoomTo; k++) {
        await page.locator('.react-flow__controls-zoomin').click();
        await settle(page, 300);
      }
      await settle(page, 1500);
    }
    const view = await page.evaluate(() => {
      const transform = (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform;
      return {
        zoom: Number(/scale\(([\d.e-]+)\)/.exec(transform)?.[1] ?? NaN),
        renderedNodes: document.querySelectorAll('.react-flow__node').length,
        renderedEdges: document.querySelectorAll('.react-flow__edge').length,
      };
    });
    // A point on the empty pane (not on a node, edge or control) to drag from.
    const start = await page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
      for (let y = pane.top + 40; y < pane.bottom - 40; y += 17)
        for (let x = pane.left + 40; x < pane.right - 200; x += 17) {
          const el = document.elementFromPoint(x, y);
          if (el?.classList.contains('react-flow__pane')) return { x, y };
        }
      return null;
    });
    if (!start) throw new Error('no empty spot on the pane to drag');
    // Frames are recorded in the page from the pointer down to the pointer up (not the idle frames before), each
    // noting whether the viewport's transform had changed since the previous one.
    await page.evaluate(() => {
      const w = window as unknown as PanWindow;
      const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
      let last = viewport.style.transform;
      w.__pan = { frames: [], moved: 0, pointerMoves: 0, recording: false, done: false };
      window.addEventListener('pointermove', () => w.__pan.recording && !w.__pan.done && w.__pan.pointerMoves++, {
        capture: true,
      });
      const tick = (t: number) => {
        if (w.__pan.done) return;
        if (w.__pan.recording) {
          w.__pan.frames.push(t);
          const now = viewport.style.transform;
          if (now !== last) w.__pan.moved++;
          last = now;
        }
        requestAnimationFrame(tick);
      };
      window.addEventListener('pointerdown', () => (w.__pan.recording = true), { capture: true, once: true });
      window.addEventListener('pointerup', () => (w.__pan.done = true), { capture: true, once: true });
      requestAnimationFrame(tick);
    });
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    const t0 = Date.now();
    let i = 0;
    while (Date.now() - t0 < durationMs) {
      // Back and forth, 8 px per move: a steady drag.
      const phase = i % 50;
      const dx = (phase < 25 ? phase : 50 - phase) * 8;
      await page.mouse.move(start.x + dx, start.y + dx / 2);
      i++;
    }
    await page.mouse.up();
    const { frames, moved, pointerMoves } = await page.evaluate(() => {
      const w = window as unknown as PanWindow;
      w.__pan.done = true;
      return { frames: w.__pan.frames, moved: w.__pan.moved, pointerMoves: w.__pan.pointerMoves };
    });
    const intervals = frames.slice(1).map((t, k) => t - frames[k]!);
    if (intervals.length < 5) throw new Error(`only ${frames.length} frames while panning`);
    if (moved < intervals.length / 4) throw new Error(`the view moved in only ${moved} of ${frames.length} frames`);
    const sorted = [...intervals].sort((a, b) => a - b);
    return {
      nodes: doc.nodes,
      edges: doc.edges,
      policies: doc.policies,
      zoom: round(view.zoom, 3),
      renderedNodes: view.renderedNodes,
      renderedEdges: view.renderedEdges,
      frames: intervals.length,
      framesMoved: moved,
      moves: i,
      pointerMoves,
      meanFrameMs: round(intervals.reduce((a, b) => a + b, 0) / intervals.length),
      medianFrameMs: round(median(intervals)),
      p95FrameMs: round(sorted[Math.floor(sorted.length * 0.95)]!),
      maxFrameMs: round(sorted[sorted.length - 1]!),
    };
  } finally {
    await page.context().close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// importLongestTaskMs

export interface ImportTaskMeasure {
  policies: number;
  bytes: number;
  nodes: number;
  /**
   * Long tasks (over 50 ms, Chromium's Long Tasks API) that start at or after the file input's `change` event,
   * until the graph is drawn and idle. The task in which Playwright's `setInputFiles` hands the file to the page
   * (and fires `change` at its end) is the harness's, not the designer's: `harnessTaskMs` reports it apart.
   */
  longTasks: number[];
  /** The long task under way when `change` fired (Playwright setting the input's files), or 0. */
  harnessTaskMs: number;
  longestTaskMs: number;
  /** Sum of the long tasks, and the time from the file input's change to the graph in the canvas. */
  blockedMs: number;
  toGraphMs: number;
  /**
   * The same tasks by the main thread's CPU time (a Chromium trace's thread duration): what the designer's code
   * costs, whatever else the machine runs. The key is wall-clock; on a shared machine the two differ by the load.
   */
  longestTaskCpuMs: number | null;
}

interface ImportWindow {
  /** [startTime, duration] of each long task. */
  __longTasks: [number, number][];
  __importStart: number;
}

/**
 * The designer's "Import…" file input with the 2,000-policy text (the importRatio text). A PerformanceObserver
 * for `longtask` entries runs from before the file is chosen until the generated graph is in the canvas and the
 * page has gone idle; the key is the longest of those that start at or after the input's `change` event (tasks
 * of 50 ms or less are not reported, so 0 means none). The task that fires `change` is Playwright's own (it
 * hands the 2.7 MB file to the page, ~300–500 ms, and the event fires at its very end); the designer's handler
 * reads the file (`await file.text()`) and so runs in later tasks, all counted.
 */
export async function measureImportTasks(browser: Browser, policies = 2000): Promise<ImportTaskMeasure> {
  const { policyText } = generateCluster({ policies, workloads: 0, labelSets: 1 });
  const ids = projectGraph(read(policyText)).nodes.map((n) => n.id);
  const page = await openDesigner(browser);
  try {
    await settle(page, 1500);
    await page.evaluate(() => {
      const w = window as unknown as ImportWindow;
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask' });
      document.querySelector('input[aria-label="Import YAML"]')!.addEventListener(
        'change',
        () => {
          w.__importStart = performance.now();
          performance.mark('netpol-import-change');
        },
        { capture: true, once: true },
      );
    });
    await browser.startTracing(page, { categories: ['blink.user_timing', 'toplevel'] });
    await chooseImportFile(page, policyText);
    await waitForGraph(page, ids);
    const toGraphMs = await page.evaluate(() => performance.now() - (window as unknown as ImportWindow).__importStart);
    await settle(page, 3000);
    const longestTaskCpuMs = longestTaskCpu(await browser.stopTracing(), 'netpol-import-change');
    const r = await page.evaluate(() => {
      const w = window as unknown as ImportWindow;
      return {
        tasks: w.__longTasks,
        start: w.__importStart,
        nodes: document.querySelectorAll('.react-flow__node').length,
      };
    });
    const counted = r.tasks.filter(([start]) => start >= r.start).map(([, duration]) => duration);
    const harness = r.tasks.find(([start, duration]) => start < r.start && start + duration >= r.start);
    return {
      policies,
      bytes: Buffer.byteLength(policyText),
      nodes: r.nodes,
      longTasks: counted.map((t) => round(t)),
      harnessTaskMs: round(harness?.[1] ?? 0),
      longestTaskMs: round(Math.max(0, ...counted)),
      blockedMs: round(counted.reduce((a, b) => a + b, 0)),
      toGraphMs: round(toGraphMs),
      longestTaskCpuMs,
    };
  } finally {
    await page.context().close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The most CPU time (ms) one top-level task of the page's main thread took, of the tasks that start at or after
 * the user-timing mark `mark`, from a Chromium trace (`RunTask` events' thread duration); null if the trace has no
 * such mark or thread times.
 */
export function longestTaskCpu(trace: Buffer, mark: string): number | null {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const marked = events.find((e) => e.name === mark);
  if (!marked) return null;
  const main = events.find(
    (e) => e.name === 'thread_name' && e.pid === marked.pid && e.args?.name === 'CrRendererMain',
  );
  if (!main) return null;
  let longest: number | null = null;
  let end = -1;
  const tasks = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name.endsWith('RunTask'))
    .sort((a, b) => a.ts - b.ts);
  for (const task of tasks) {
    if (task.ts < end) continue; // nested in the task before
    end = task.ts + (task.dur ?? 0);
    if (task.ts < marked.ts || task.tdur === undefined) continue;
    longest = Math.max(longest ?? 0, task.tdur / 1000);
  }
  return longest === null ? null : round(longest);
}

// ---------------------------------------------------------------------------------------------------------------

const portAnswers = async (port: number) => {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return true;
  } catch {
    return false;
  }
};

/**
 * `vite preview` of `outDir` on `port`. The port must be free first: a server left over from an earlier run would
 * otherwise answer in place of this one (with `--strictPort` the new one exits), and the run would measure an
 * old build. Stop it with `stopPreview`.
 */
export async function startPreview(root: string, outDir = OUT_DIR, port = PORT): Promise<ChildProcess> {
  for (let i = 0; (await portAnswers(port)) && i < 40; i++) await sleep(250);
  if (await portAnswers(port)) throw new Error(`port ${port} is taken by another server; stop it first`);
  const server = spawn(
    join(root, 'node_modules/.bin/vite'),
    ['preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  server.stderr!.setEncoding('utf8');
  server.stderr!.on('data', (c: string) => (err += c));
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error(`vite preview exited: ${err.slice(-300)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) return server;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  await stopPreview(server);
  throw new Error('vite preview did not start');
}

/** Stops a `startPreview` server and waits until it has exited (SIGKILL after 5 s): the port is free after. */
export async function stopPreview(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function runBrowserKeys(ctx: BrowserContext): Promise<void> {
  const { root, values, details, step, want } = ctx;
  const chromiumKeys: KeyName[] = ['editLatencyRatio', 'canvasFrameRatio', 'panZoomedRatio', 'importLongestTaskMs'];
  let built = false;
  await step(['initialJsKbGzip', ...chromiumKeys], 'build', async () => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    await run(
      join(root, 'node_modules/.bin/vite'),
      ['build', '--mode', 'e2e', '--outDir', OUT_DIR, '--emptyOutDir'],
      root,
    );
    built = existsSync(join(OUT_DIR, 'index.html'));
  });
  if (!built) return;
  await step(['initialJsKbGzip'], 'bundle size', async () => {
    const b = measureBundle(OUT_DIR);
    details.bundle = b;
    values.initialJsKbGzip = round(b.initialGzipBytes / 1024, 1);
  });
  if (!want(...chromiumKeys)) return;

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    await step(chromiumKeys, 'start preview and Chromium', async () => {
      server = await startPreview(root);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      ctx.machine.chromium = `Chromium ${browser.version()}`;
    });
    if (!browser) return;
    const b = browser;
    await step(['editLatencyRatio'], 'edit latency (10 and 1,000 policies)', async () => {
      const small = await measureEdit(b, 10, 7);
      log(`edit latency, 10 policies: ${small.median} ms`);
      const large = await measureEdit(b, 1000, 7);
      log(`edit latency, 1,000 policies: ${large.median} ms`);
      details.edit = { small, large };
      values.editLatencyRatio = round(large.median / small.median, 3);
    });
    await step(['canvasFrameRatio'], 'canvas panning (20 and 2,000 nodes)', async () => {
      const small = await measurePan(b, 20, 3000);
      log(`panning, ${small.nodes} nodes: ${small.meanFrameMs} ms/frame`);
      const large = await measurePan(b, 2000, 3000);
      log(`panning, ${large.nodes} nodes: ${large.meanFrameMs} ms/frame`);
      details.pan = { small, large };
      values.canvasFrameRatio = round(large.meanFrameMs / small.meanFrameMs, 3);
    });
    await step(['panZoomedRatio'], 'canvas panning at zoom 0.5 (20 and 2,000 nodes)', async () => {
      const small = await measurePan(b, 20, 3000, 0.5);
      log(`panning, ${small.nodes} nodes at zoom ${small.zoom}: ${small.meanFrameMs} ms/frame`);
      const large = await measurePan(b, 2000, 3000, 0.5);
      log(`panning, ${large.nodes} nodes at zoom ${large.zoom}: ${large.meanFrameMs} ms/frame`);
      details.panZoomed = { small, large };
      values.panZoomedRatio = round(large.meanFrameMs / small.meanFrameMs, 3);
    });
    await step(['importLongestTaskMs'], 'import (longest main-thread task, 2,000 policies)', async () => {
      const r = await measureImportTasks(b);
      log(
        `import: longest task ${r.longestTaskMs} ms (${r.longestTaskCpuMs ?? '?'} ms of CPU at most), ${r.longTasks.length} long tasks, graph after ${r.toGraphMs} ms (harness task ${r.harnessTaskMs} ms, not counted)`,
      );
      details.importTasks = r;
      values.importLongestTaskMs = r.longestTaskMs;
    });
  } finally {
    await browser?.close().catch(() => undefined);
    await stopPreview(server);
  }
}
