import { describe, expect, it } from "vitest";
import { formatSeconds, niceMax } from "./format.ts";

describe("ops formatting", () => {
  it("writes latencies in the unit people read", () => {
    expect(formatSeconds(0.0123)).toBe("12 ms");
    expect(formatSeconds(0.0025)).toBe("2.5 ms");
    expect(formatSeconds(1)).toBe("1 s");
    expect(formatSeconds(2.5)).toBe("2.5 s");
    expect(formatSeconds(Number.POSITIVE_INFINITY)).toBe("∞");
  });

  it("rounds chart tops up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(3.84)).toBe(5);
    expect(niceMax(22)).toBe(50);
    expect(niceMax(100)).toBe(100);
    expect(niceMax(101)).toBe(200);
  });
});
