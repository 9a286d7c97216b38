import { describe, expect, it } from "vitest";
import { normalize } from "./text.ts";
import { bareClock, findTimes } from "./time-patterns.ts";
import { resolveTimes } from "./times.ts";
import type { TimeEntity, WorkingHours } from "./types.ts";

function timeOf(text: string, hours?: WorkingHours): TimeEntity | undefined {
  return resolveTimes(findTimes(normalize(text)).mentions, hours);
}

function minutes(text: string): number | undefined {
  const t = timeOf(text);
  return t?.match === "exact" ? t.minutes : undefined;
}

describe("clock times", () => {
  it.each([
    ["10am", 600],
    ["at 10", 600],
    ["10:30", 630],
    ["10.30pm", 1350],
    ["ten am", 600],
    ["14:15", 855],
    ["09:00", 540],
    ["at 3 o'clock", 900],
    ["noon", 720],
    ["half past two", 870],
    ["quarter past nine", 555],
    ["quarter to three", 885],
    ["at half two", 870],
    ["7 in the evening", 1140],
    ["tomorrow morning at 10", 600],
  ])("%s → %i", (text, expected) => {
    expect(minutes(text)).toBe(expected);
  });

  it("marks when am/pm was inferred from working hours", () => {
    expect(timeOf("at 2")).toMatchObject({
      minutes: 840,
      inferredMeridiem: true,
      outsideHours: false,
    });
    expect(timeOf("2pm")).toMatchObject({ minutes: 840, inferredMeridiem: false });
  });

  it("flags an explicit time outside working hours", () => {
    expect(timeOf("at 11pm")).toMatchObject({ minutes: 1380, outsideHours: true });
    expect(timeOf("at 6am")).toMatchObject({ minutes: 360, outsideHours: true });
  });

  it("ignores numbers that are quantities or dates", () => {
    expect(timeOf("in 3 days")).toBeUndefined();
    expect(timeOf("after 3 weeks")).toBeUndefined();
  });
});

describe("ambiguous times", () => {
  it("asks when neither am nor pm falls in working hours", () => {
    const lateOpening = { start: 11 * 60, end: 20 * 60 };
    expect(resolveTimes([bareClock("10") ?? fail()], lateOpening)).toEqual({
      match: "ambiguous",
      ambiguous: [600, 1320],
      text: "10",
    });
  });

  it("asks when both am and pm fall in working hours", () => {
    const longDay = { start: 7 * 60, end: 21 * 60 };
    expect(timeOf("at 8", longDay)).toMatchObject({ match: "ambiguous", ambiguous: [480, 1200] });
  });

  it("asks when two different times are given", () => {
    expect(timeOf("at 10am or at 2pm")).toMatchObject({
      match: "ambiguous",
      ambiguous: [600, 840],
    });
  });
});

describe("parts of day and windows", () => {
  it.each([
    ["morning", 480, 720],
    ["in the afternoon", 720, 1020],
    ["this evening", 1020, 1200],
    ["tonight", 1020, 1200],
  ])("%s → %i..%i", (text, from, to) => {
    expect(timeOf(text)).toMatchObject({ match: "range", from, to });
  });

  it("reads between, after and before", () => {
    expect(timeOf("between 2 and 4pm")).toMatchObject({ match: "range", from: 840, to: 960 });
    expect(timeOf("2-4pm")).toMatchObject({ match: "range", from: 840, to: 960 });
    expect(timeOf("after 3")).toMatchObject({ match: "range", from: 900, to: 1200 });
    expect(timeOf("before 11")).toMatchObject({ match: "range", from: 480, to: 660 });
  });
});

function fail(): never {
  throw new Error("expected a clock");
}
