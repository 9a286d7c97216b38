import { describe, expect, it } from "vitest";
import { dateContext, findDates, resolveDates } from "./dates.ts";
import { NOW } from "./test-fixtures.ts";
import { normalize } from "./text.ts";
import type { DateEntity } from "./types.ts";

function dateOf(text: string, timeZone = "Europe/London", now = NOW): DateEntity | undefined {
  const ctx = dateContext(now, timeZone);
  return resolveDates(findDates(normalize(text), ctx).mentions, ctx.today);
}

function day(text: string, timeZone?: string, now?: Date): string | undefined {
  const d = dateOf(text, timeZone, now);
  return d?.match === "day" ? d.date : undefined;
}

// Today is Wednesday 2 December 2026.
describe("relative dates", () => {
  it.each([
    ["today", "2026-12-02"],
    ["tomorrow", "2026-12-03"],
    ["the day after tomorrow", "2026-12-04"],
    ["in 3 days", "2026-12-05"],
    ["in two weeks", "2026-12-16"],
  ])("%s → %s", (text, expected) => {
    expect(day(text)).toBe(expected);
  });
});

describe("weekdays", () => {
  it.each([
    ["Friday", "2026-12-04"],
    ["on fri", "2026-12-04"],
    ["Monday", "2026-12-07"],
    ["tues", "2026-12-08"],
    ["thurs", "2026-12-03"],
    ["this Sunday", "2026-12-06"],
    ["next Tuesday", "2026-12-08"],
    ["next Friday", "2026-12-11"],
    ["wednesday", "2026-12-02"],
  ])("%s → %s", (text, expected) => {
    expect(day(text)).toBe(expected);
  });

  it("flags last week's day as past", () => {
    expect(dateOf("last friday")).toMatchObject({ match: "day", date: "2026-11-27", past: true });
    expect(dateOf("yesterday")).toMatchObject({ match: "day", date: "2026-12-01", past: true });
  });
});

describe("calendar dates", () => {
  it.each([
    ["on the 14th", "2026-12-14"],
    ["the 1st", "2027-01-01"],
    ["on the 31st", "2026-12-31"],
    ["Dec 3", "2026-12-03"],
    ["march 29", "2027-03-29"],
    ["14th of December", "2026-12-14"],
    ["3 jan", "2027-01-03"],
    ["second of january", "2027-01-02"],
    ["2026-12-10", "2026-12-10"],
    ["13/4", "2027-04-13"],
    ["12/25", "2026-12-25"],
    ["25/1/2027", "2027-01-25"],
  ])("%s → %s", (text, expected) => {
    expect(day(text)).toBe(expected);
  });

  it("flags a recent month-day as past rather than moving it a year ahead", () => {
    expect(dateOf("Nov 30")).toMatchObject({ match: "day", date: "2026-11-30", past: true });
  });

  it("reports dates that cannot exist", () => {
    expect(dateOf("30/2")).toEqual({ match: "invalid", text: "30/2" });
    expect(dateOf("feb 30")?.match).toBe("invalid");
  });
});

describe("ambiguous dates", () => {
  it("offers both readings of 3/4, day-first for a UK clinic", () => {
    expect(dateOf("3/4")).toEqual({
      match: "ambiguous",
      ambiguous: ["2027-04-03", "2027-03-04"],
      text: "3/4",
    });
  });

  it("keeps an explicit year in both readings", () => {
    expect(dateOf("5/1/2027")).toMatchObject({ ambiguous: ["2027-01-05", "2027-05-01"] });
  });

  it("offers month-first first for a US clinic", () => {
    expect(dateOf("3/4", "America/New_York")).toMatchObject({
      ambiguous: ["2027-03-04", "2027-04-03"],
    });
  });

  it("flags a weekday that disagrees with the date", () => {
    // The 8th is a Tuesday.
    expect(dateOf("friday the 8th")).toMatchObject({
      match: "ambiguous",
      ambiguous: ["2026-12-04", "2026-12-08"],
    });
    expect(day("tuesday the 8th")).toBe("2026-12-08");
  });

  it("flags two different days", () => {
    expect(dateOf("friday or monday")).toMatchObject({
      match: "ambiguous",
      ambiguous: ["2026-12-04", "2026-12-07"],
    });
  });
});

describe("ranges", () => {
  it.each([
    ["this week", "2026-12-02", "2026-12-06"],
    ["next week", "2026-12-07", "2026-12-13"],
    ["the week after next", "2026-12-14", "2026-12-20"],
    ["this weekend", "2026-12-05", "2026-12-06"],
    ["next month", "2027-01-01", "2027-01-31"],
    ["in December", "2026-12-02", "2026-12-31"],
  ])("%s → %s..%s", (text, from, to) => {
    expect(dateOf(text)).toMatchObject({ match: "range", from, to, past: false });
  });

  it("places a weekday inside a named week", () => {
    expect(day("next week on friday")).toBe("2026-12-11");
  });
});

describe("clinic time zone", () => {
  it("uses the clinic's date, not UTC's, late in the evening", () => {
    // 23:30 UTC on 10 June is already 11 June in London (BST) but 10 June in New York.
    const lateUtc = new Date("2026-06-10T23:30:00Z");
    expect(day("today", "Europe/London", lateUtc)).toBe("2026-06-11");
    expect(day("tomorrow", "Europe/London", lateUtc)).toBe("2026-06-12");
    expect(day("tomorrow", "America/New_York", lateUtc)).toBe("2026-06-11");
  });

  it("uses the offset in force at `now` on the night clocks go back", () => {
    // 04:30 UTC on 1 Nov 2026 is 00:30 EDT (still DST); a fixed EST offset would say 31 Oct.
    const now = new Date("2026-11-01T04:30:00Z");
    expect(day("today", "America/New_York", now)).toBe("2026-11-01");
    expect(day("tomorrow", "America/New_York", now)).toBe("2026-11-02");
  });

  it("rolls to the next day just after London's clocks go forward", () => {
    // 23:30 UTC on 29 March 2026 is 00:30 BST on Monday 30 March.
    const now = new Date("2026-03-29T23:30:00Z");
    expect(day("today", "Europe/London", now)).toBe("2026-03-30");
    expect(day("tomorrow", "Europe/London", now)).toBe("2026-03-31");
    expect(day("today", "Europe/London", new Date("2026-03-28T23:30:00Z"))).toBe("2026-03-28");
  });
});
