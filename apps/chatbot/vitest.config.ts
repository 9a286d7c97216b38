import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@dentalcare/db/vitest-global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The conversation tests start real servers; one file at a time keeps a small machine calm.
    fileParallelism: false,
  },
});
