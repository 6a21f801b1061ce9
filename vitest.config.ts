import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['plugin/**/*.test.ts', 'ui/**/*.test.ts', 'models/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Browser tests start Chromium; two at once on a 2-core machine only makes both slower.
    fileParallelism: true,
    maxWorkers: 2,
    // Browser tests poll the UI, which answers after a round trip through the plugin; on a loaded
    // 2-core machine that can take seconds, not the default one.
    expect: { poll: { timeout: 15_000 } },
  },
});
