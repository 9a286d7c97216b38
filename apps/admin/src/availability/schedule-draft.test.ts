import { describe, expect, it } from "vitest";
import { draftFromWeekly, sameWeekly, suggestRange, weeklyFromDraft } from "./schedule-draft.ts";

describe("weekly schedule draft", () => {
  const weekly = [
    { weekday: 1, startMinute: 13 * 60 + 30, endMinute: 17 * 60 },
    { weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 + 30 },
    { weekday: 6, startMinute: 9 * 60, endMinute: 12 * 60 },
  ];

  it("round-trips the server's ranges, with a lunch break", () => {
    const draft = draftFromWeekly(weekly);
    expect(draft[1]?.map((r) => `${r.start}-${r.end}`)).toEqual(["09:00-12:30", "13:30-17:00"]);
    expect(draft[2]).toEqual([]);
    const back = weeklyFromDraft(draft);
    expect(back.ok && sameWeekly(back.weekly, weekly)).toBe(true);
  });

  it("refuses overlaps and backwards ranges in words", () => {
    const draft = draftFromWeekly(weekly);
    draft[1]?.push({ key: 99, start: "12:00", end: "14:00" });
    draft[2] = [{ key: 100, start: "10:00", end: "09:00" }];
    draft[3] = [{ key: 101, start: "9", end: "10:00" }];
    const result = weeklyFromDraft(draft);
    expect(result).toEqual({
      ok: false,
      problems: [
        "Monday: 09:00–12:30 and 12:00–14:00 overlap.",
        "Monday: 12:00–14:00 and 13:30–17:00 overlap.",
        "Tuesday: 10:00–09:00 ends before it starts.",
        "Wednesday: enter times as HH:MM.",
      ],
    });
  });

  it("suggests the next range after the last one", () => {
    const r = suggestRange([{ key: 1, start: "09:00", end: "12:00" }]);
    expect([r.start, r.end]).toEqual(["13:00", "16:00"]);
    const first = suggestRange([]);
    expect([first.start, first.end]).toEqual(["09:00", "17:00"]);
  });
});
