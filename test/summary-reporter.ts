import { relative } from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Ends the run with plain lines any CI can read: `tests: N passed, N failed, N skipped`, and
 * before it each error raised outside a test (an unhandled rejection fails the run with every test
 * green), so that the last lines of a log say what failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file that failed to load has no tests to count; it still fails the run.
      if (module.state() === 'failed' && module.children.size === 0) counts.failed++;
    }
    for (const error of unhandledErrors) {
      const frames = (error.stack ?? '')
        .split('\n')
        .filter((line) => line.trim().startsWith('at '))
        .slice(0, 4);
      const origin = (error as { VITEST_TEST_PATH?: string }).VITEST_TEST_PATH;
      process.stdout.write(
        `\nunhandled error${origin ? ` (while ${relative(process.cwd(), origin)} ran)` : ''}: ${error.name ?? 'Error'}: ${error.message}\n` +
          frames.map((frame) => `  ${frame.trim()}\n`).join(''),
      );
    }
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
