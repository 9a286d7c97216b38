import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each drill starts PostgreSQL and real server processes and breaks them on purpose.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
