import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // One PostgreSQL for the run, then the two apps built if their dist is stale.
    globalSetup: ["@dentalcare/db/vitest-global-setup", "./src/harness/build-apps.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts a server process and a browser; one at a time suits a 2-core machine.
    fileParallelism: false,
  },
});
