import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Browser suites share one Chromium per file; two files at once suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The default reporter, then one plain closing line ("N passed, N failed, N skipped") for CI logs.
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
