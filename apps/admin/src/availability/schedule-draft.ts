import { formatMinute, parseMinute } from "@dentalcare/client";

// The weekly editor works on text ("09:00") so a half-typed time is not lost; these turn the
// server's minutes into that form and back, and say what is wrong before saving.

export interface RangeDraft {
  key: number;
  start: string;
  end: string;
}

/** Weekday (1 = Monday … 7 = Sunday) → its ranges. */
export type WeekDraft = Record<number, RangeDraft[]>;

export const WEEKDAYS = [
  [1, "Monday"],
  [2, "Tuesday"],
  [3, "Wednesday"],
  [4, "Thursday"],
  [5, "Friday"],
  [6, "Saturday"],
  [7, "Sunday"],
] as const;

let nextKey = 1;
export function newRange(start = "09:00", end = "17:00"): RangeDraft {
  return { key: nextKey++, start, end };
}

export function draftFromWeekly(
  weekly: readonly { weekday: number; startMinute: number; endMinute: number }[],
): WeekDraft {
  const draft: WeekDraft = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
  const sorted = [...weekly].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (const r of sorted) {
    draft[r.weekday] = [
      ...(draft[r.weekday] ?? []),
      newRange(formatMinute(r.startMinute), formatMinute(r.endMinute)),
    ];
  }
  return draft;
}

/** A sensible next range for a day: after its last one, or the usual morning. */
export function suggestRange(existing: readonly RangeDraft[]): RangeDraft {
  const last = existing[existing.length - 1];
  const lastEnd = last ? parseMinute(last.end) : null;
  if (lastEnd === null) return newRange();
  const start = Math.min(lastEnd + 60, 23 * 60);
  return newRange(formatMinute(start), formatMinute(Math.min(start + 180, 24 * 60)));
}

export type WeeklyRange = { weekday: number; startMinute: number; endMinute: number };

/** The ranges to save, or the problems (per weekday name) that stop it. */
export function weeklyFromDraft(
  draft: WeekDraft,
): { ok: true; weekly: WeeklyRange[] } | { ok: false; problems: string[] } {
  const weekly: WeeklyRange[] = [];
  const problems: string[] = [];
  for (const [weekday, name] of WEEKDAYS) {
    const ranges: WeeklyRange[] = [];
    for (const r of draft[weekday] ?? []) {
      const startMinute = parseMinute(r.start);
      const endMinute = parseMinute(r.end);
      if (startMinute === null || endMinute === null) {
        problems.push(`${name}: enter times as HH:MM.`);
        continue;
      }
      if (endMinute <= startMinute) {
        problems.push(`${name}: ${r.start}–${r.end} ends before it starts.`);
        continue;
      }
      ranges.push({ weekday, startMinute, endMinute });
    }
    ranges.sort((a, b) => a.startMinute - b.startMinute);
    for (let i = 1; i < ranges.length; i++) {
      const prev = ranges[i - 1];
      const cur = ranges[i];
      if (prev && cur && cur.startMinute < prev.endMinute) {
        problems.push(
          `${name}: ${formatMinute(prev.startMinute)}–${formatMinute(prev.endMinute)} and ${formatMinute(
            cur.startMinute,
          )}–${formatMinute(cur.endMinute)} overlap.`,
        );
      }
    }
    weekly.push(...ranges);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, weekly };
}

/** Same hours, whatever the order or the keys. */
export function sameWeekly(a: readonly WeeklyRange[], b: readonly WeeklyRange[]): boolean {
  const key = (list: readonly WeeklyRange[]) =>
    [...list]
      .sort((x, y) => x.weekday - y.weekday || x.startMinute - y.startMinute)
      .map((r) => `${r.weekday}:${r.startMinute}-${r.endMinute}`)
      .join(",");
  return key(a) === key(b);
}
