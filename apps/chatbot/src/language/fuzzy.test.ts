import { describe, expect, it } from "vitest";
import { closeEnough, closest, editDistance } from "./fuzzy.ts";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("lee", "lee")).toBe(0);
    expect(editDistance("lea", "lee")).toBe(1);
    expect(editDistance("patell", "patel")).toBe(1);
    expect(editDistance("patle", "patel")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});

describe("closest", () => {
  const names = ["lee", "patel", "garcia", "smithson"];

  it("allows more typos in longer words", () => {
    expect(closeEnough("lei", "lee")).toBe(true);
    expect(closeEnough("lxx", "lee")).toBe(false);
    expect(closeEnough("garsya", "garcia")).toBe(true);
    expect(closeEnough("smith", "smithson")).toBe(true);
  });

  it("returns close items, nearest first, and nothing when none is close", () => {
    expect(closest("smith", names, (n) => [n])).toEqual(["smithson"]);
    expect(closest("patle", names, (n) => [n])).toEqual(["patel"]);
    expect(closest("zzz", names, (n) => [n])).toEqual([]);
  });
});
