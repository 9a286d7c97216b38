import { defineConfig } from "vitest/config";

// Unit tests of pure helpers only; they need neither the React plugin nor a browser.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"] },
});
