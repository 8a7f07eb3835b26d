import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // SWC keeps decorator metadata, which Nest's dependency injection reads.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globals: true,
    include: ['{apps,packages,tools}/*/{src,test}/**/*.test.ts', 'prisma/**/*.test.ts', 'deploy/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/pg-unhandled.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files that start workers and servers should not all run at once.
    maxWorkers: 2,
  },
});
