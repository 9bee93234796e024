/** A Vitest reporter that ends the run with one plain line, "N passed, N failed, N skipped", for CI logs. */
import type { Reporter, TestModule } from "vitest/node";

/** The reporter (used beside the default one in vitest.config.ts). */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") count.passed++;
        else if (state === "failed") count.failed++;
        else count.skipped++;
      }
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) count.failed++; // a file that failed to load
    }
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
