/**
 * CPU profile of one keystroke in the editor with N policies loaded (default 1,000), in Chromium, on an
 * unminified production build, so function names survive:
 *
 *   node bin/run-ts.mjs bench/profile-ui.ts [policies]
 *
 * Writes /tmp/netpol-ui-keystroke.cpuprofile (open it in Chrome DevTools › Performance) and prints the
 * functions with the most self and total time. A diagnosis tool, not part of `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { EDIT_LINE, editDocument, editNodeId, loadDocument, openDesigner, settle, startPreview } from './browser.ts';
import { summarizeProfile, type CpuProfile } from './profile.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const policies = Number(process.argv[2] ?? 1000);
const outDir = '/tmp/netpol-bench-prof-dist';
const port = 4181;
const log = (msg: string) => process.stderr.write(`[profile-ui] ${msg}\n`);

rmSync(outDir, { recursive: true, force: true });
log('building (unminified)…');
await new Promise<void>((resolve, reject) => {
  const child = spawn(
    join(root, 'node_modules/.bin/vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--minify', 'false'],
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
  log(`loading ${policies} policies…`);
  await loadDocument(page, editDocument(policies), { nodeId: editNodeId('') });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 1; i < EDIT_LINE; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await settle(page, 1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
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
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  writeFileSync('/tmp/netpol-ui-keystroke.cpuprofile', JSON.stringify(profile));
  log('wrote /tmp/netpol-ui-keystroke.cpuprofile');
  process.stdout.write(summarizeProfile(profile, 30));
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
