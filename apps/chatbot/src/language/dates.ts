import { addDays, type IsoDate, weekdayOf } from "./calendar.ts";
import { findChronoDates } from "./date-chrono.ts";
import { findPatternDates } from "./date-patterns.ts";
import type { DateContext, DateMention, DateValue } from "./date-types.ts";
import type { DateEntity } from "./types.ts";
import { localDate, wallClock } from "./zone.ts";

export type { DateContext, DateMention } from "./date-types.ts";

const US_ZONES =
  /^(America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Detroit|Boise|Juneau|Sitka|Nome|Adak|Menominee|Indiana\/.+|Kentucky\/.+|North_Dakota\/.+)|Pacific\/Honolulu|US\/.+)$/;

export function dateContext(now: Date, timeZone: string): DateContext {
  const w = wallClock(now, timeZone);
  return {
    today: localDate(now, timeZone),
    usOrder: US_ZONES.test(timeZone),
    reference: new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second),
  };
}

/**
 * Every date mentioned, in text order. `rest` blanks only the forms parsed by our own patterns:
 * chrono's spans can swallow a time ("at 10 on wed"), which the time reader still needs.
 */
export function findDates(
  text: string,
  ctx: DateContext,
): { mentions: DateMention[]; rest: string } {
  const patterns = findPatternDates(text, ctx);
  const fromChrono = findChronoDates(patterns.rest, ctx);
  const mentions = [...patterns.mentions, ...fromChrono].sort((a, b) => a.start - b.start);
  return { mentions, rest: patterns.rest };
}

function withinRange(value: DateValue, range: DateValue): IsoDate | undefined {
  if (value.kind !== "day" || range.kind !== "range") return undefined;
  if (value.weekdayOnly === undefined) {
    return value.date >= range.from && value.date <= range.to ? value.date : undefined;
  }
  // "next week on Friday": the Friday inside that week, not the coming one.
  const offset = (((value.weekdayOnly - weekdayOf(range.from)) % 7) + 7) % 7;
  const date = addDays(range.from, offset);
  return date <= range.to ? date : undefined;
}

/** Folds mentions that describe one day ("Tuesday the 8th", "next week on Friday"). */
function merge(values: DateValue[]): DateValue[] {
  const range = values.find((v) => v.kind === "range");
  const others = values.filter((v) => v !== range);
  if (range && others.length > 0) {
    const inside = others.map((v) => withinRange(v, range));
    if (inside.every((d) => d !== undefined)) {
      values = inside.map((date): DateValue => ({ kind: "day", date }));
    }
  }
  const explicit = values.filter((v) => v.kind !== "day" || v.weekdayOnly === undefined);
  const kept = values.filter(
    (v) =>
      !(
        v.kind === "day" &&
        v.weekdayOnly !== undefined &&
        explicit.some((e) => e.kind === "day" && weekdayOf(e.date) === v.weekdayOnly)
      ),
  );
  const seen = new Set<string>();
  return kept.filter((v) => {
    const key = JSON.stringify(v.kind === "day" ? { kind: "day", date: v.date } : v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function candidates(value: DateValue): IsoDate[] {
  switch (value.kind) {
    case "day":
      return [value.date];
    case "range":
      return [value.from];
    case "ambiguous":
      return value.dates;
    case "invalid":
      return [];
  }
}

export function resolveDates(
  mentions: readonly DateMention[],
  today: IsoDate,
): DateEntity | undefined {
  if (mentions.length === 0) return undefined;
  const text = mentions.map((m) => m.text).join(" ");
  const values = merge(mentions.map((m) => m.value));
  const [only] = values;
  if (values.length === 1 && only) {
    switch (only.kind) {
      case "day":
        return { match: "day", date: only.date, text, past: only.date < today };
      case "range":
        return { match: "range", from: only.from, to: only.to, text, past: only.to < today };
      case "ambiguous":
        return { match: "ambiguous", ambiguous: only.dates, text };
      case "invalid":
        return { match: "invalid", text };
    }
  }
  const dates = [...new Set(values.flatMap(candidates))];
  return dates.length > 0
    ? { match: "ambiguous", ambiguous: dates, text }
    : { match: "invalid", text };
}

/** The days an availability search should cover for a resolved date entity. */
export function rangeOf(date: DateEntity | undefined): { from: IsoDate; to: IsoDate } | undefined {
  if (date?.match === "day") return { from: date.date, to: date.date };
  if (date?.match === "range") return { from: date.from, to: date.to };
  return undefined;
}
