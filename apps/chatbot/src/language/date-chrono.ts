import * as chrono from "chrono-node";
import {
  addDays,
  closestYear,
  endOfMonth,
  type IsoDate,
  isoDate,
  maxDate,
  parseIsoDate,
} from "./calendar.ts";
import type { DateContext, DateMention, DateValue } from "./date-types.ts";

// chrono reads the casual and relative forms ("tomorrow", "next Tuesday", "in 3 days",
// "December"). Its result is only trusted for calendar fields; times are read elsewhere.

const DATE_TAGS = /^(casualReference\/(today|tomorrow|yesterday|tonight)|result\/relativeDate)$/;

// chrono does not know these abbreviations; same-length replacements keep positions intact.
const ABBREVIATIONS: readonly [RegExp, string][] = [
  [/\btues\b/g, "tue "],
  [/\bweds\b/g, "wed "],
  [/\bthurs\b/g, "thu  "],
  [/\bthur\b/g, "thu "],
];

function toValue(result: chrono.ParsedResult, ctx: DateContext): DateValue | undefined {
  const s = result.start;
  const known = (c: chrono.Component): boolean => s.isCertain(c);
  const tagged = [...result.tags()].some((t) => DATE_TAGS.test(t));
  if (!known("day") && !known("weekday") && !known("month") && !tagged) return undefined;
  const year = s.get("year") ?? 0;
  const month = s.get("month") ?? 1;
  const day = s.get("day") ?? 1;
  const date = isoDate(year, month, day);
  if (known("weekday") && !known("day")) {
    // Read without forwardDate (which breaks "last Friday"), so a plain weekday that chrono
    // put earlier this week is moved to the coming one.
    const past = /^last\b/.test(result.text);
    const weekday = s.get("weekday") ?? 0;
    return {
      kind: "day",
      date: !past && date < ctx.today ? addDays(date, 7) : date,
      weekdayOnly: weekday,
    };
  }
  if (known("month") && !known("day")) {
    const todayParts = parseIsoDate(ctx.today);
    const y = known("year")
      ? year
      : month >= todayParts.month
        ? todayParts.year
        : todayParts.year + 1;
    return {
      kind: "range",
      from: maxDate(isoDate(y, month, 1), ctx.today),
      to: endOfMonth(y, month),
    };
  }
  if (known("month") && !known("year") && !tagged) {
    const closest: IsoDate | undefined = closestYear(ctx.today, month, day);
    return closest ? { kind: "day", date: closest } : { kind: "invalid" };
  }
  return { kind: "day", date };
}

export function findChronoDates(text: string, ctx: DateContext): DateMention[] {
  let input = text;
  for (const [pattern, replacement] of ABBREVIATIONS) input = input.replace(pattern, replacement);
  const mentions: DateMention[] = [];
  for (const result of chrono.en.GB.parse(input, ctx.reference)) {
    const value = toValue(result, ctx);
    if (!value) continue;
    const start = result.index;
    let end = start + result.text.length;
    // An expanded abbreviation ("tues" read as "tue") still owns the rest of its word.
    while (/[a-z]/.test(text[end] ?? "")) end++;
    mentions.push({ start, end, text: text.slice(start, end).trim(), value });
  }
  return mentions;
}
