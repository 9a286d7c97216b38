import type { Clock, TimeMention } from "./time-types.ts";
import type { PartOfDay, TimeEntity, WorkingHours } from "./types.ts";

export type { TimeMention } from "./time-types.ts";

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: 8 * 60, end: 20 * 60 };

export const PARTS_OF_DAY: Readonly<Record<PartOfDay, { from: number; to: number }>> = {
  morning: { from: 8 * 60, to: 12 * 60 },
  afternoon: { from: 12 * 60, to: 17 * 60 },
  evening: { from: 17 * 60, to: 20 * 60 },
};

interface Window {
  from: number;
  to: number;
}

/** Both readings of a clock time: one if am/pm or 24-hour form settles it, else am and pm. */
function readings(c: Clock): number[] {
  if (c.twentyFour) return [c.hour * 60 + c.minute];
  const base = (c.hour % 12) * 60 + c.minute;
  if (c.meridiem === "am") return [base];
  if (c.meridiem === "pm") return [base + 720];
  return [base, base + 720];
}

function inside(minutes: number, w: Window): boolean {
  return minutes >= w.from && minutes < w.to;
}

function pick(c: Clock, window: Window): { minutes: number[]; inferred: boolean } {
  const all = readings(c);
  if (all.length === 1) return { minutes: all, inferred: false };
  const fitting = all.filter((m) => inside(m, window));
  // Neither or both readings fit: only the patient can say which they meant.
  return fitting.length === 1
    ? { minutes: fitting, inferred: true }
    : { minutes: all, inferred: false };
}

function exact(
  minutes: number,
  text: string,
  inferredMeridiem: boolean,
  hours: Window,
): TimeEntity {
  return {
    match: "exact",
    minutes,
    text,
    inferredMeridiem,
    outsideHours: !inside(minutes, hours),
    past: false,
  };
}

function textOf(mentions: readonly TimeMention[]): string {
  return mentions.map((m) => m.text).join(" ");
}

/**
 * One time entity for everything said about the time of day. An exact time wins over a part of
 * day, which only helps decide am/pm ("7 in the evening" is 19:00).
 */
export function resolveTimes(
  mentions: readonly TimeMention[],
  workingHours: WorkingHours = DEFAULT_WORKING_HOURS,
): TimeEntity | undefined {
  if (mentions.length === 0) return undefined;
  const hours: Window = { from: workingHours.start, to: workingHours.end };
  const text = textOf(mentions);
  let part: PartOfDay | undefined;
  for (const m of mentions) if (m.value.kind === "part") part = m.value.part;
  const window = part ? PARTS_OF_DAY[part] : hours;

  const points = mentions.flatMap((m) =>
    m.value.kind === "at" ? [pick(m.value.clock, window)] : [],
  );
  if (points.length > 0) {
    const all = [...new Set(points.flatMap((p) => p.minutes))].sort((a, b) => a - b);
    const [first] = all;
    if (all.length === 1 && first !== undefined) {
      return exact(
        first,
        text,
        points.some((p) => p.inferred),
        hours,
      );
    }
    return { match: "ambiguous", ambiguous: all, text };
  }

  for (const m of mentions) {
    const v = m.value;
    if (v.kind === "between") {
      const to = pick(v.to, window).minutes;
      const end = to[to.length - 1] ?? hours.to;
      const from = readings(v.from).filter((f) => f < end);
      return { match: "range", from: from[from.length - 1] ?? hours.from, to: end, text };
    }
    if (v.kind === "after") {
      const [from = hours.from] = pick(v.clock, window).minutes;
      return { match: "range", from, to: Math.max(from, part ? window.to : hours.to), text };
    }
    if (v.kind === "before") {
      const [to = hours.to] = pick(v.clock, window).minutes;
      return { match: "range", from: Math.min(to, part ? window.from : hours.from), to, text };
    }
  }
  if (part) return { match: "range", from: window.from, to: window.to, text, partOfDay: part };
  return undefined;
}
