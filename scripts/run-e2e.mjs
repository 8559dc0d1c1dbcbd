#!/usr/bin/env node
// `npm run e2e`: finds a Chromium to drive (Playwright cannot download browsers here) and runs the journeys.
// Order: $CHROMIUM_PATH, Debian's /usr/bin/chromium, the binary behind Debian's wrapper, Playwright's own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

function playwrightsOwnChromium() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'].filter(Boolean);
const browser = candidates.find((path) => existsSync(path)) ?? playwrightsOwnChromium();

if (!browser) {
  console.error(
    'No Chromium found for the e2e tests: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).',
  );
  process.exit(1);
}

const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: browser },
});
process.exit(result.status ?? 1);
