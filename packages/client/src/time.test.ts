import { describe, expect, it } from "vitest";
import {
  addDays,
  formatDateTime,
  formatLocalDate,
  formatTimeWithZone,
  isoWeekday,
  localDateOf,
  minuteOfDayIn,
  parseMinute,
  startOfIsoWeek,
  touchesLocalDate,
  zonedTimeToInstant,
} from "./time.ts";

describe("zoned time", () => {
  it("reads an instant on the clinic's clock and names the zone", () => {
    const instant = "2026-07-01T09:30:00Z";
    expect(formatTimeWithZone(instant, "Europe/London")).toBe("10:30 (Europe/London)");
    expect(formatTimeWithZone(instant, "America/New_York")).toBe("05:30 (America/New_York)");
    expect(formatDateTime(instant, "Europe/London")).toBe("Wed 1 Jul, 10:30 (Europe/London)");
    expect(minuteOfDayIn(instant, "Europe/London")).toBe(630);
  });

  it("gives the local date, which may differ from the UTC one", () => {
    expect(localDateOf("2026-07-01T02:00:00Z", "America/New_York")).toBe("2026-06-30");
    expect(localDateOf("2026-07-01T23:30:00Z", "Europe/London")).toBe("2026-07-02");
  });

  it("turns a wall-clock time back into the instant, across DST", () => {
    expect(zonedTimeToInstant("2026-07-01", 630, "Europe/London").toISOString()).toBe(
      "2026-07-01T09:30:00.000Z",
    );
    expect(zonedTimeToInstant("2026-01-15", 630, "Europe/London").toISOString()).toBe(
      "2026-01-15T10:30:00.000Z",
    );
    expect(zonedTimeToInstant("2026-01-15", 480, "America/New_York").toISOString()).toBe(
      "2026-01-15T13:00:00.000Z",
    );
    // 01:30 happens twice on 25 Oct 2026 in London: the earlier one is chosen.
    expect(zonedTimeToInstant("2026-10-25", 90, "Europe/London").toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    // 01:30 does not exist on 29 Mar 2026 in London: the instant after the gap.
    expect(zonedTimeToInstant("2026-03-29", 90, "Europe/London").toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
  });

  it("does calendar arithmetic on local dates", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(isoWeekday("2026-11-22")).toBe(7);
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(startOfIsoWeek("2026-11-22")).toBe("2026-11-16");
    expect(formatLocalDate("2026-11-23")).toBe("Mon 23 Nov");
  });

  it("parses HH:MM", () => {
    expect(parseMinute("09:30")).toBe(570);
    expect(parseMinute("24:00")).toBe(1440);
    expect(parseMinute("9:75")).toBeNull();
    expect(parseMinute("noon")).toBeNull();
  });

  it("tells whether an interval touches a local date", () => {
    const tz = "Europe/London";
    expect(touchesLocalDate("2026-07-01T09:00:00Z", "2026-07-01T09:30:00Z", "2026-07-01", tz)).toBe(
      true,
    );
    expect(touchesLocalDate("2026-07-01T09:00:00Z", "2026-07-01T09:30:00Z", "2026-07-02", tz)).toBe(
      false,
    );
    // Ends exactly at local midnight: does not touch the next day.
    expect(touchesLocalDate("2026-07-01T22:00:00Z", "2026-07-01T23:00:00Z", "2026-07-02", tz)).toBe(
      false,
    );
  });
});
