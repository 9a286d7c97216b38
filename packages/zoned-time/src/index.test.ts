import { describe, expect, it } from "vitest";
import {
  addDays,
  earliestInstantAtOrAfter,
  formatMinute,
  isoWeekday,
  isValidTimeZone,
  latestInstantFor,
  localDateOf,
  localMinuteOf,
  localToInstants,
  offsetMinutesAt,
  wallClockAt,
} from "./index.ts";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const H = 60;

describe("wall clock and offsets", () => {
  it("reads the wall clock and the offset of a zone at an instant", () => {
    expect(wallClockAt(new Date("2030-07-01T08:15:30Z"), "Europe/London")).toEqual({
      year: 2030,
      month: 7,
      day: 1,
      hour: 9,
      minute: 15,
      second: 30,
    });
    expect(offsetMinutesAt(new Date("2030-01-07T12:00:00Z"), "Europe/London")).toBe(0);
    expect(offsetMinutesAt(new Date("2030-07-01T12:00:00Z"), "Europe/London")).toBe(60);
    expect(offsetMinutesAt(new Date("2030-01-07T12:00:00Z"), "America/New_York")).toBe(-300);
    expect(offsetMinutesAt(new Date("2030-01-07T12:00:00Z"), "Asia/Kolkata")).toBe(330);
    expect(offsetMinutesAt(new Date("2030-01-07T12:00:00Z"), "Australia/Sydney")).toBe(660);
  });

  it("shows midnight as 00 (not 24) and gives the local date and minute", () => {
    const instant = new Date("2030-01-07T05:00:00Z");
    expect(wallClockAt(instant, "America/New_York").hour).toBe(0);
    expect(localDateOf(instant, "America/New_York")).toBe("2030-01-07");
    expect(localDateOf(new Date("2030-01-07T04:59:00Z"), "America/New_York")).toBe("2030-01-06");
    expect(localMinuteOf(new Date("2030-07-01T08:15:00Z"), "Europe/London")).toBe(9 * H + 15);
  });

  it("knows calendar dates, weekdays and valid zones", () => {
    expect(isoWeekday("2030-01-07")).toBe(1);
    expect(isoWeekday("2030-01-13")).toBe(7);
    expect(addDays("2030-12-31", 1)).toBe("2031-01-01");
    expect(addDays("2030-03-01", -1)).toBe("2030-02-28");
    expect(() => isoWeekday("2030-02-30")).toThrow(RangeError);
    expect(formatMinute(9 * H + 5)).toBe("09:05");
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

describe("local time to instants", () => {
  it("maps an ordinary local time to exactly one instant, in winter and summer", () => {
    expect(iso(localToInstants("2030-01-07", 9 * H, "Europe/London"))).toEqual([
      "2030-01-07T09:00:00.000Z",
    ]);
    expect(iso(localToInstants("2030-07-01", 9 * H, "Europe/London"))).toEqual([
      "2030-07-01T08:00:00.000Z",
    ]);
    expect(iso(localToInstants("2030-01-07", 9 * H + 30, "Asia/Kolkata"))).toEqual([
      "2030-01-07T04:00:00.000Z",
    ]);
  });

  it("treats minute 1440 as the next midnight", () => {
    expect(iso(localToInstants("2030-01-07", 1440, "America/New_York"))).toEqual([
      "2030-01-08T05:00:00.000Z",
    ]);
  });

  it("skips local times that do not exist on a spring-forward day (London 2030-03-31)", () => {
    // 01:00 GMT becomes 02:00 BST: 01:00–01:59 never happens.
    expect(iso(localToInstants("2030-03-31", 0 * H + 30, "Europe/London"))).toEqual([
      "2030-03-31T00:30:00.000Z",
    ]);
    expect(localToInstants("2030-03-31", 1 * H, "Europe/London")).toEqual([]);
    expect(localToInstants("2030-03-31", 1 * H + 59, "Europe/London")).toEqual([]);
    expect(iso(localToInstants("2030-03-31", 2 * H, "Europe/London"))).toEqual([
      "2030-03-31T01:00:00.000Z",
    ]);
  });

  it("gives both instants of a repeated local time on a fall-back day (London 2030-10-27)", () => {
    // 02:00 BST becomes 01:00 GMT: 01:00–01:59 happens twice.
    expect(iso(localToInstants("2030-10-27", 1 * H + 30, "Europe/London"))).toEqual([
      "2030-10-27T00:30:00.000Z",
      "2030-10-27T01:30:00.000Z",
    ]);
    expect(iso(localToInstants("2030-10-27", 2 * H, "Europe/London"))).toEqual([
      "2030-10-27T02:00:00.000Z",
    ]);
  });

  it("handles New York's transitions (2030-03-10 and 2030-11-03)", () => {
    expect(localToInstants("2030-03-10", 2 * H + 30, "America/New_York")).toEqual([]);
    expect(iso(localToInstants("2030-03-10", 3 * H, "America/New_York"))).toEqual([
      "2030-03-10T07:00:00.000Z",
    ]);
    expect(iso(localToInstants("2030-11-03", 1 * H + 30, "America/New_York"))).toEqual([
      "2030-11-03T05:30:00.000Z",
      "2030-11-03T06:30:00.000Z",
    ]);
  });

  it("resolves range boundaries that fall into a gap or an overlap", () => {
    // A range starting inside the gap starts when the clocks jump.
    expect(earliestInstantAtOrAfter("2030-03-31", 1 * H + 30, "Europe/London").toISOString()).toBe(
      "2030-03-31T01:00:00.000Z",
    );
    // A range ending inside the gap ends at the jump too.
    expect(latestInstantFor("2030-03-31", 1 * H + 30, "Europe/London").toISOString()).toBe(
      "2030-03-31T01:00:00.000Z",
    );
    // A repeated time: ranges start at its first occurrence and end at its last.
    expect(earliestInstantAtOrAfter("2030-10-27", 1 * H + 30, "Europe/London").toISOString()).toBe(
      "2030-10-27T00:30:00.000Z",
    );
    expect(latestInstantFor("2030-10-27", 1 * H + 30, "Europe/London").toISOString()).toBe(
      "2030-10-27T01:30:00.000Z",
    );
  });
});
