import { describe, expect, it } from "vitest";
import { clinicZone, daysOf, hoursToShow, layoutDay, rangeOf } from "./calendar-data.ts";

const tz = "Europe/London";
const at = (id: string, start: string, end: string) => ({ id, startsAt: start, endsAt: end });

describe("calendar arithmetic", () => {
  it("shows Monday to Sunday around the anchor", () => {
    expect(daysOf("week", "2026-07-01")).toEqual([
      "2026-06-29",
      "2026-06-30",
      "2026-07-01",
      "2026-07-02",
      "2026-07-03",
      "2026-07-04",
      "2026-07-05",
    ]);
    expect(daysOf("day", "2026-07-01")).toEqual(["2026-07-01"]);
  });

  it("bounds the query by local midnights", () => {
    expect(rangeOf(["2026-07-01"], tz)).toEqual({
      dateFrom: "2026-06-30T23:00:00.000Z",
      dateTo: "2026-07-01T22:59:59.999Z",
    });
  });

  it("puts overlapping appointments side by side and lone ones full width", () => {
    const placed = layoutDay(
      [
        at("a", "2026-07-01T08:00:00Z", "2026-07-01T09:00:00Z"),
        at("b", "2026-07-01T08:30:00Z", "2026-07-01T09:00:00Z"),
        at("c", "2026-07-01T09:00:00Z", "2026-07-01T09:30:00Z"),
        at("d", "2026-07-02T09:00:00Z", "2026-07-02T09:30:00Z"),
      ],
      "2026-07-01",
      tz,
    );
    expect(placed.map((p) => [p.item.id, p.top, p.bottom, p.lane, p.lanes])).toEqual([
      ["a", 540, 600, 0, 2],
      ["b", 570, 600, 1, 2],
      ["c", 600, 630, 0, 1],
    ]);
    expect(hoursToShow(placed)).toEqual({ firstHour: 8, lastHour: 18 });
    expect(hoursToShow([{ top: 7 * 60 + 30, bottom: 19 * 60 + 10 }])).toEqual({
      firstHour: 7,
      lastHour: 20,
    });
  });

  it("picks the zone most dentists work in", () => {
    expect(
      clinicZone([
        { timeZone: "America/New_York", active: true },
        { timeZone: tz, active: true },
        { timeZone: tz, active: true },
      ]),
    ).toBe(tz);
  });
});
