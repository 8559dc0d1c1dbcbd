import { defineConfig, devices } from '@playwright/test';

// The production bundle is what users get, so the journeys run against `vite preview` of a fresh build.
const PORT = Number(process.env.E2E_PORT ?? 4173); // E2E_PORT lets two checkouts run journeys at once
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: './tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1, // 2-core machines: Monaco, ELK and the build are CPU heavy
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        permissions: ['clipboard-read', 'clipboard-write'],
        launchOptions: {
          // scripts/run-e2e.mjs finds the browser and passes it here.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            // Debian's wrapper fails to test /dev/shm's size here and never adds this itself (toolchain.md §6).
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node_modules/.bin/tsc -b && node_modules/.bin/vite build --mode e2e --outDir dist-e2e --emptyOutDir && node_modules/.bin/vite preview --outDir dist-e2e --port ${PORT} --strictPort --host 127.0.0.1`,
    url: BASE_URL,
    // Reusing a server left on the port would test an old build; set E2E_REUSE_SERVER=1 when iterating.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
