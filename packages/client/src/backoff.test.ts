import { describe, expect, it } from "vitest";
import { fullJitterBackoff } from "./backoff.ts";

describe("fullJitterBackoff", () => {
  it("waits between zero and the exponential bound, never above the cap", () => {
    const top = fullJitterBackoff({ baseMs: 100, capMs: 1_000, random: () => 0.999_999 });
    expect([0, 1, 2, 3, 4, 5].map((n) => top(n))).toEqual([99, 199, 399, 799, 999, 999]);
    const bottom = fullJitterBackoff({ random: () => 0 });
    expect(bottom(10)).toBe(0);
  });

  it("caps retries at 5 s by default so no client lingers offline after a restart", () => {
    const top = fullJitterBackoff({ random: () => 0.999_999 });
    expect(top(30)).toBeLessThan(5_000);
    expect(top(30)).toBeGreaterThan(4_900);
  });
});
