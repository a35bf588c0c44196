import { configDefaults, defineConfig } from 'vitest/config';

// Fast unit + integration tests (pure code and real socket.io servers; `unit`, and `unit-isolated` for the files
// that mock a module), and browser tests that drive Debian's Chromium through the real UI.
const MOCKING = ['tests/integration/importWorker.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MOCKING],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Each worker keeps its module cache from file to file: the server's, the engine's and zod's modules load
          // once per worker, not once per file (the import phase summed 186 s -> 57 s on a loaded machine). No test
          // here relies on a fresh module: none uses fake timers, mutates process.env or globals, or mocks a module.
          isolate: false,
        },
      },
      {
        // Files that mock a module (vi.mock): a mock would reach the files after them in a shared module cache
        // (measured), and a module cached before them would escape their mock. They keep a fresh one each.
        test: {
          name: 'unit-isolated',
          include: MOCKING,
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
