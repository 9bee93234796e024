import { defineConfig } from "vitest/config";

// Two projects: `unit` (no browser, no child processes; `npm run test:unit`, seconds) and `e2e` (real Chromium,
// the CLI, poppler). `npm test` runs both. dist/ is compiled once, before any suite (tests/helpers/global-setup.ts),
// so that no two suites ever compile into it at the same time.
const UNIT = ["tests/unit/**/*.test.ts", "tests/golden/**/*.test.ts"];

export default defineConfig({
  test: {
    // Browser suites share one Chromium per file; two files at once suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The default reporter, then one plain closing line ("N passed, N failed, N skipped") for CI logs.
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/**/*.test.ts"],
          exclude: UNIT,
          globalSetup: ["./tests/helpers/global-setup.ts"],
        },
      },
    ],
  },
});
