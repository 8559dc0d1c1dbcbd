/**
 * CPU profile, in Chromium on an unminified production build (so function names survive), of one keystroke in
 * the editor with N policies loaded, or of 3 s of panning a graph of N nodes:
 *
 *   node bin/run-ts.mjs bench/profile-ui.ts [keystroke] [policies=1000]
 *   node bin/run-ts.mjs bench/profile-ui.ts pan [nodes=2000] [zoom]   (zoom: e.g. 0.5, as panZoomedRatio)
 *   node bin/run-ts.mjs bench/profile-ui.ts import [policies=2000]   (the "Import…" file input, main thread)
 *
 * Writes /tmp/netpol-ui-<mode>.cpuprofile (open it in Chrome DevTools › Performance) and prints the
 * functions with the most self and total time. A diagnosis tool, not part of `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import {
  canvasDocument,
  chooseImportFile,
  EDIT_LINE,
  editDocument,
  editNodeId,
  loadDocument,
  openDesigner,
  settle,
  startPreview,
  stopPreview,
  viewportZoom,
  waitForGraph,
} from './browser.ts';
import { summarizeProfile, type CpuProfile } from './profile.ts';
import { projectGraph, read } from '../src/core/index.ts';
import { generateCluster } from './generate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const mode = process.argv[2] === 'pan' ? 'pan' : process.argv[2] === 'import' ? 'import' : 'keystroke';
const size = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (mode === 'keystroke' ? 1000 : 2000));
const zoomTo = Number(process.argv.slice(2).find((a) => /^\d*\.\d+$/.test(a)) ?? NaN);
const port = Number(process.env.PROFILE_PORT ?? 4181);
const outDir = `/tmp/netpol-bench-prof-dist-${port}`;
const log = (msg: string) => process.stderr.write(`[profile-ui] ${msg}\n`);

rmSync(outDir, { recursive: true, force: true });
log('building (unminified)…');
await new Promise<void>((resolve, reject) => {
  const child = spawn(
    join(root, 'node_modules/.bin/vite'),
    // The e2e mode keeps the editor's test handle (window.__netpolEditor), which openDesigner waits for.
    ['build', '--mode', 'e2e', '--outDir', outDir, '--emptyOutDir', '--minify', 'false'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited ${code}`))));
});
const server = await startPreview(root, outDir, port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
try {
  const page = await openDesigner(browser, `http://127.0.0.1:${port}`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  if (mode === 'keystroke') {
    log(`loading ${size} policies…`);
    await loadDocument(page, editDocument(size), { nodeId: editNodeId('') });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+Home');
    for (let i = 1; i < EDIT_LINE; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await settle(page, Number(process.env.PROFILE_SETTLE_MS ?? 1000));
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await page.keyboard.press('x');
    await page.waitForFunction(
      (id) => [...document.querySelectorAll('.react-flow__node')].some((n) => n.getAttribute('data-id') === id),
      editNodeId('x'),
      { timeout: 300_000, polling: 50 },
    );
    log(`graph updated after ${Date.now() - t0} ms (wall, from the Node side)`);
    await settle(page, 500);
  } else if (mode === 'import') {
    const { policyText } = generateCluster({ policies: size, workloads: 0, labelSets: 1 });
    const ids = projectGraph(read(policyText)).nodes.map((n) => n.id);
    await settle(page, 1500);
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await chooseImportFile(page, policyText);
    await waitForGraph(page, ids);
    log(`graph drawn after ${Date.now() - t0} ms (wall, from the Node side)`);
    await settle(page, 2000);
  } else {
    const doc = canvasDocument(size);
    log(`loading ${doc.policies} policies (${doc.nodes} nodes, ${doc.edges} edges)…`);
    await loadDocument(page, doc.text, { ids: doc.ids });
    await page.locator('.react-flow__controls-fitview').click();
    await settle(page, 1500);
    const zoomNow = () => viewportZoom(page);
    for (let k = 0; k < 30 && Number.isFinite(zoomTo) && (await zoomNow()) < zoomTo; k++) {
      await page.locator('.react-flow__controls-zoomin').click();
      await settle(page, 300);
    }
    if (Number.isFinite(zoomTo)) log(`zoom ${await zoomNow()}`);
    await settle(page, 1000);
    const start = await page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
      for (let y = pane.top + 40; y < pane.bottom - 40; y += 17)
        for (let x = pane.left + 40; x < pane.right - 200; x += 17)
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      return null;
    });
    if (!start) throw new Error('no empty spot on the pane');
    // Compositor layers while dragging (a layer per flow would make every frame draw hundreds of quads).
    let maxLayers = 0;
    let layerNames = new Map<string, number>();
    let biggest: { width: number; height: number; backendNodeId?: number }[] = [];
    cdp.on(
      'LayerTree.layerTreeDidChange',
      (e: { layers?: { layerId: string; width: number; height: number; backendNodeId?: number }[] }) => {
        if (e.layers && e.layers.length > maxLayers) {
          maxLayers = e.layers.length;
          biggest = e.layers;
          layerNames = new Map();
          for (const l of e.layers) {
            const k = `${Math.round(l.width / 100) * 100}x${Math.round(l.height / 100) * 100}`;
            layerNames.set(k, (layerNames.get(k) ?? 0) + 1);
          }
        }
      },
    );
    await cdp.send('LayerTree.enable');
    // An experiment: extra CSS for the page (e.g. to see what a rule costs).
    if (process.env.PROFILE_CSS) await page.addStyleTag({ content: process.env.PROFILE_CSS });
    const trace = process.env.PROFILE_TRACE;
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'cc', 'viz', 'blink'] });
    await cdp.send('Profiler.start');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    const t0 = Date.now();
    let moves = 0;
    for (; Date.now() - t0 < 3000; moves++)
      await page.mouse.move(start.x + (moves % 25) * 8, start.y + (moves % 25) * 4);
    await page.mouse.up();
    log(`${moves} mouse moves in 3 s (each waits for the page to take the previous one)`);
    log(
      `compositor layers while dragging (most seen): ${maxLayers}, by size: ${JSON.stringify([...layerNames].slice(0, 12))}`,
    );
    const owners = new Map<string, number>();
    for (const l of biggest) {
      if (l.backendNodeId === undefined) continue;
      try {
        const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: l.backendNodeId })) as unknown as {
          node: { nodeName: string; attributes?: string[] };
        };
        const attrs = node.attributes ?? [];
        const cls = attrs[attrs.indexOf('class') + 1] ?? '';
        const k = `${node.nodeName}.${attrs.includes('class') ? cls.split(' ').slice(0, 2).join('.') : ''}`;
        owners.set(k, (owners.get(k) ?? 0) + 1);
      } catch {
        owners.set('(gone)', (owners.get('(gone)') ?? 0) + 1);
      }
    }
    log(`layer owners: ${JSON.stringify([...owners].sort((a, b) => b[1] - a[1]).slice(0, 15))}`);
    if (trace) {
      writeFileSync(trace, await browser.stopTracing());
      log(`wrote the trace ${trace}`);
    }
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const file = `/tmp/netpol-ui-${mode}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  log(`wrote ${file}`);
  process.stdout.write(summarizeProfile(profile, 30));
} finally {
  await browser.close();
  await stopPreview(server);
}
