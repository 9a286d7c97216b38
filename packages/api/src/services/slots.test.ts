import { describe, expect, it } from "vitest";
import type { SlotView } from "../schemas/views.ts";
import { computeSlots, type SlotQuery } from "./slots.ts";

const H = 60;
const FAR = {
  earliestStart: new Date("2000-01-01T00:00:00Z"),
  latestStart: new Date("2100-01-01"),
};

function query(overrides: Partial<SlotQuery>): SlotQuery {
  return {
    date: "2030-01-07",
    timeZone: "Europe/London",
    ranges: [
      { startMinute: 9 * H, endMinute: 12 * H },
      { startMinute: 13 * H, endMinute: 17 * H },
    ],
    slotMinutes: 15,
    durationMinutes: 30,
    busy: [],
    ...FAR,
    ...overrides,
  };
}

const starts = (slots: SlotView[]) => slots.map((s) => s.startsAt.slice(11, 16));
const labels = (slots: SlotView[]) => slots.map((s) => s.localTime);

describe("computeSlots on an ordinary day", () => {
  it("steps through each range on the grid and keeps slots inside the range", () => {
    const slots = computeSlots(query({}));
    // 09:00..11:30 (11 starts) and 13:00..16:30 (15 starts).
    expect(slots).toHaveLength(26);
    expect(slots[0]).toEqual({
      startsAt: "2030-01-07T09:00:00.000Z",
      endsAt: "2030-01-07T09:30:00.000Z",
      localTime: "09:00",
    });
    expect(slots.at(-1)?.localTime).toBe("16:30");
    expect(labels(slots)).not.toContain("11:45");
  });

  it("makes each slot as long as the appointment type", () => {
    const slots = computeSlots(query({ durationMinutes: 90 }));
    expect(labels(slots).filter((t) => t < "12:00")).toEqual([
      "09:00",
      "09:15",
      "09:30",
      "09:45",
      "10:00",
      "10:15",
      "10:30",
    ]);
    expect(slots[0]?.endsAt).toBe("2030-01-07T10:30:00.000Z");
  });

  it("removes slots that overlap something busy but keeps back-to-back ones", () => {
    const busy = [
      { startsAt: new Date("2030-01-07T10:00:00Z"), endsAt: new Date("2030-01-07T10:30:00Z") },
    ];
    const morning = labels(computeSlots(query({ busy }))).filter((t) => t < "12:00");
    expect(morning).toEqual([
      "09:00",
      "09:15",
      "09:30",
      "10:30",
      "10:45",
      "11:00",
      "11:15",
      "11:30",
    ]);
  });

  it("drops slots before the earliest start and after the latest start", () => {
    const slots = computeSlots(
      query({
        earliestStart: new Date("2030-01-07T10:05:00Z"),
        latestStart: new Date("2030-01-07T14:00:00Z"),
      }),
    );
    expect(labels(slots)[0]).toBe("10:15");
    expect(labels(slots).at(-1)).toBe("14:00");
  });

  it("uses the dentist's zone: 09:00 in New York is 14:00 UTC in winter", () => {
    const slots = computeSlots(query({ timeZone: "America/New_York" }));
    expect(slots[0]?.startsAt).toBe("2030-01-07T14:00:00.000Z");
    expect(slots[0]?.localTime).toBe("09:00");
  });
});

describe("computeSlots on daylight-saving days", () => {
  const night = (end: number) => [{ startMinute: 0, endMinute: end }];

  it("skips the missing hour on London's spring-forward day (2030-03-31)", () => {
    const slots = computeSlots(
      query({ date: "2030-03-31", ranges: night(4 * H), slotMinutes: 30, durationMinutes: 30 }),
    );
    expect(labels(slots)).toEqual(["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"]);
    // Real time runs on without a gap or a duplicate: 00:00Z to 03:00Z.
    expect(starts(slots)).toEqual(["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"]);
  });

  it("offers the repeated hour twice on London's fall-back day (2030-10-27)", () => {
    const slots = computeSlots(
      query({ date: "2030-10-27", ranges: night(3 * H), slotMinutes: 30, durationMinutes: 30 }),
    );
    expect(labels(slots)).toEqual([
      "00:00",
      "00:30",
      "01:00",
      "01:30",
      "01:00",
      "01:30",
      "02:00",
      "02:30",
    ]);
    expect(slots.map((s) => s.startsAt)).toEqual([
      "2030-10-26T23:00:00.000Z",
      "2030-10-26T23:30:00.000Z",
      "2030-10-27T00:00:00.000Z",
      "2030-10-27T00:30:00.000Z",
      "2030-10-27T01:00:00.000Z",
      "2030-10-27T01:30:00.000Z",
      "2030-10-27T02:00:00.000Z",
      "2030-10-27T02:30:00.000Z",
    ]);
    expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
  });

  it("handles New York's spring-forward (2030-03-10) and fall-back (2030-11-03)", () => {
    const spring = computeSlots(
      query({
        date: "2030-03-10",
        timeZone: "America/New_York",
        ranges: [{ startMinute: 1 * H, endMinute: 4 * H }],
        slotMinutes: 30,
      }),
    );
    expect(labels(spring)).toEqual(["01:00", "01:30", "03:00", "03:30"]);
    expect(starts(spring)).toEqual(["06:00", "06:30", "07:00", "07:30"]);

    const fall = computeSlots(
      query({
        date: "2030-11-03",
        timeZone: "America/New_York",
        ranges: night(3 * H),
        slotMinutes: 30,
      }),
    );
    expect(starts(fall)).toEqual([
      "04:00",
      "04:30",
      "05:00",
      "05:30",
      "06:00",
      "06:30",
      "07:00",
      "07:30",
    ]);
    expect(labels(fall).filter((t) => t === "01:30")).toHaveLength(2);
  });

  it("ends a range that ends inside the gap at the jump", () => {
    const slots = computeSlots(
      query({
        date: "2030-03-31",
        ranges: night(1 * H + 30),
        slotMinutes: 30,
        durationMinutes: 30,
      }),
    );
    expect(starts(slots)).toEqual(["00:00", "00:30"]);
  });

  it("lets a busy instant in the repeated hour block only that occurrence", () => {
    const busy = [
      { startsAt: new Date("2030-10-27T00:30:00Z"), endsAt: new Date("2030-10-27T01:00:00Z") },
    ];
    const slots = computeSlots(
      query({ date: "2030-10-27", ranges: night(3 * H), slotMinutes: 30, busy }),
    );
    expect(slots.map((s) => s.startsAt)).not.toContain("2030-10-27T00:30:00.000Z");
    expect(slots.map((s) => s.startsAt)).toContain("2030-10-27T01:30:00.000Z");
  });
});

describe("computeSlots for one requested minute", () => {
  // Booking checks only the requested local minute; it must agree with the whole day's list.
  const days = [
    { date: "2030-03-31", timeZone: "Europe/London" },
    { date: "2030-10-27", timeZone: "Europe/London" },
    { date: "2030-03-10", timeZone: "America/New_York" },
    { date: "2030-11-03", timeZone: "America/New_York" },
  ];
  const ranges = [
    { startMinute: 0, endMinute: 1 * H + 30 },
    { startMinute: 1 * H + 45, endMinute: 2 * H + 30 },
    { startMinute: 9 * H, endMinute: 24 * H },
  ];
  const minuteOf = (label: string) => Number(label.slice(0, 2)) * H + Number(label.slice(3, 5));

  for (const { date, timeZone } of days) {
    it(`matches the full-day list minute by minute on ${date} in ${timeZone}`, () => {
      const base = query({
        date,
        timeZone,
        ranges,
        // A busy interval inside the transition hour (UTC 01:10–01:40 both days in London).
        busy: [
          {
            startsAt: new Date(`${date}T01:10:00Z`),
            endsAt: new Date(`${date}T01:40:00Z`),
          },
        ],
      });
      const full = computeSlots(base);
      expect(full.length).toBeGreaterThan(50);
      for (let m = 0; m < 24 * H; m++) {
        const single = computeSlots({ ...base, onlyMinute: m });
        expect(single).toEqual(full.filter((s) => minuteOf(s.localTime) === m));
      }
    });
  }
});
