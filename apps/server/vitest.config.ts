import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@dentalcare/db/vitest-global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Transport tests start real server processes; running files one at a time keeps a
    // 2-core machine from timing out under them.
    fileParallelism: false,
  },
});
