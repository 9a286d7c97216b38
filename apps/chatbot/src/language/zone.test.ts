import { describe, expect, it } from "vitest";
import { localDate, localMinutes, zonedTimeToInstant, zoneOffsetMinutes } from "./zone.ts";

describe("zone offsets", () => {
  it("reads the offset in force at the instant", () => {
    expect(zoneOffsetMinutes(new Date("2026-01-15T12:00:00Z"), "Europe/London")).toBe(0);
    expect(zoneOffsetMinutes(new Date("2026-07-15T12:00:00Z"), "Europe/London")).toBe(60);
    expect(zoneOffsetMinutes(new Date("2026-07-15T12:00:00Z"), "America/New_York")).toBe(-240);
    expect(zoneOffsetMinutes(new Date("2026-12-15T12:00:00Z"), "Asia/Kolkata")).toBe(330);
  });

  it("gives the local calendar date and clock, which can differ from UTC's", () => {
    const instant = new Date("2026-06-10T23:30:00Z");
    expect(localDate(instant, "Europe/London")).toBe("2026-06-11");
    expect(localMinutes(instant, "Europe/London")).toBe(30);
    expect(localDate(instant, "America/New_York")).toBe("2026-06-10");
  });

  it("rejects an unknown zone", () => {
    expect(() => localDate(new Date(), "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("zonedTimeToInstant", () => {
  it("converts on either side of London's spring change", () => {
    expect(zonedTimeToInstant("2026-03-28", 600, "Europe/London").toISOString()).toBe(
      "2026-03-28T10:00:00.000Z",
    );
    expect(zonedTimeToInstant("2026-03-29", 600, "Europe/London").toISOString()).toBe(
      "2026-03-29T09:00:00.000Z",
    );
  });

  it("moves a wall time inside the spring gap forward by the gap", () => {
    // 01:30 does not exist in London on 29 March 2026; it reads as 02:30 BST.
    expect(zonedTimeToInstant("2026-03-29", 90, "Europe/London").toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    expect(zonedTimeToInstant("2026-03-08", 150, "America/New_York").toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });

  it("takes the earlier of a repeated autumn wall time", () => {
    expect(zonedTimeToInstant("2026-10-25", 90, "Europe/London").toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    expect(zonedTimeToInstant("2026-11-01", 90, "America/New_York").toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });
});
