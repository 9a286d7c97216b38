import { describe, expect, it } from "vitest";
import { readChoice, readReference } from "./choices.ts";

describe("readChoice", () => {
  it.each([
    ["2", 2],
    ["#3", 3],
    ["option 1", 1],
    ["number three", 3],
    ["the second one", 2],
    ["second", 2],
    ["the 2nd", 2],
    ["3rd one please", 3],
    ["ok, the first one", 1],
    ["I'll take the third", 3],
    ["the last one", 3],
  ])("%s → %i", (text, expected) => {
    expect(readChoice(text, 3)).toBe(expected);
  });

  it("finds a position mentioned inside a longer reply unless only whole replies count", () => {
    expect(readChoice("hmm, let me go with option 2 then", 3)).toBe(2);
    expect(readChoice("hmm, let me go with option 2 then", 3, true)).toBeUndefined();
  });

  it("ignores numbers that are not positions", () => {
    expect(readChoice("first available", 3)).toBeUndefined();
    expect(readChoice("at 2pm", 3)).toBeUndefined();
  });
});

describe("readReference", () => {
  it.each([
    ["cancel my next appointment", { next: true }],
    ["the upcoming one", { next: true }],
    ["cancel the second one", { ordinal: 2 }],
    ["cancel appointment 2", { ordinal: 2 }],
    ["cancel #3", { ordinal: 3 }],
    ["cancel my appointment", {}],
  ])("%s", (text, expected) => {
    expect(readReference(text)).toEqual(expected);
  });

  it("resolves 'last' only when the list length is known", () => {
    expect(readReference("the last appointment")).toEqual({});
    expect(readReference("the last appointment", 4)).toEqual({ ordinal: 4 });
  });
});
