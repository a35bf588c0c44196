import { defineConfig } from 'vitest/config';

// Two projects: fast unit + integration tests (pure code and real socket.io servers),
// and browser tests that drive Debian's Chromium through the real UI.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has 2 cores.
          fileParallelism: false,
          // One worker runs every file and keeps its module cache: each file still starts its own server
          // (tests/support/browserSuite.ts), but the server's and the engine's modules load once, not 24 times, and
          // one Chromium serves every file (fresh contexts per file).
          isolate: false,
        },
      },
    ],
  },
});
