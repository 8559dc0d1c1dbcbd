import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['tests/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
      exclude: ['tests/e2e/**', 'node_modules/**'],
      environment: 'node',
      // Fixed fast-check seeds: see tests/setup/fastCheck.ts.
      setupFiles: ['tests/setup/fastCheck.ts'],
      globalSetup: ['tests/globalSetup.ts'],
      pool: 'threads',
      testTimeout: 30_000,
      reporters: process.env.CI ? ['default', 'junit'] : ['default'],
      outputFile: { junit: 'reports/vitest-junit.xml' },
    },
  }),
);
