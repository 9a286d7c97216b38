import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The smoke run starts PostgreSQL, the server and load generators: minutes, not seconds,
    // on a loaded CI machine.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
