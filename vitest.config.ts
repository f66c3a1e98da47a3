// Node 20: vitest's reporters need Map.groupBy; loaded here so plain `npx vitest run` reports failures too.
import './scripts/node20Polyfills.mjs';
import { defineConfig } from 'vitest/config';

/**
 * unit: pure logic, parallel. integration: engine + hosts + native + SQLite with generated models — serial,
 * because each file starts model-loading child processes and the machine may have 2 cores. e2e: the built UI in
 * Debian's Chromium, serial.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['tests/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});
