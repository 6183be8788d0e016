import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with a plain `N passed, N failed, N skipped` line, the closing line CI reads
 * (vitest's own summary is not one of the formats it knows).
 */
export class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      // A file that failed to load has no tests to count; it is a failure all the same.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) {
        count.failed++;
      }
    }
    count.failed += unhandledErrors.length;
    process.stdout.write(
      `\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`,
    );
  }
}
