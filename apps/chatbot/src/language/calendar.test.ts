import { describe, expect, it } from "vitest";
import {
  addDays,
  closestYear,
  daysInMonth,
  diffDays,
  isValidDay,
  parseIsoDate,
  startOfWeek,
  weekdayOf,
} from "./calendar.ts";

describe("calendar arithmetic", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("counts days between dates, ignoring DST entirely", () => {
    expect(diffDays("2026-03-30", "2026-03-28")).toBe(2);
    expect(diffDays("2026-01-01", "2026-12-31")).toBe(-364);
  });

  it("knows weekdays and Monday-first weeks", () => {
    expect(weekdayOf("2026-12-02")).toBe(3);
    expect(weekdayOf("2026-12-06")).toBe(0);
    expect(startOfWeek("2026-12-06")).toBe("2026-11-30");
    expect(startOfWeek("2026-11-30")).toBe("2026-11-30");
  });

  it("validates days including leap years", () => {
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(isValidDay(2027, 2, 29)).toBe(false);
    expect(isValidDay(2026, 13, 1)).toBe(false);
  });

  it("picks the year closest to today for a month and day", () => {
    expect(closestYear("2026-12-02", 1, 5)).toBe("2027-01-05");
    expect(closestYear("2026-12-02", 11, 30)).toBe("2026-11-30");
    expect(closestYear("2026-01-10", 12, 20)).toBe("2025-12-20");
    expect(closestYear("2026-12-02", 2, 30)).toBeUndefined();
  });

  it("rejects malformed dates", () => {
    expect(() => parseIsoDate("2026-1-2")).toThrow(RangeError);
  });
});
