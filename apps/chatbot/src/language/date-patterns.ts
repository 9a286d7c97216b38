import {
  addDays,
  closestYear,
  daysInMonth,
  endOfMonth,
  type IsoDate,
  isoDate,
  isValidDay,
  maxDate,
  parseIsoDate,
  startOfWeek,
} from "./calendar.ts";
import type { DateContext, DateMention, DateValue } from "./date-types.ts";
import { takeAll } from "./text.ts";

// Date forms that chrono gets wrong or does not know ("march 29" becomes the year 2029, "3/4"
// is silently read one way, "the 14th" is not read at all), parsed here before chrono runs.

const MONTH_PATTERN =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

const MONTH_KEYS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];

function monthNumber(name: string): number {
  return MONTH_KEYS.indexOf(name.slice(0, 3)) + 1;
}

function readYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

function dayOf(ctx: DateContext, month: number, day: number, year?: number): IsoDate | undefined {
  if (year !== undefined)
    return isValidDay(year, month, day) ? isoDate(year, month, day) : undefined;
  return closestYear(ctx.today, month, day);
}

function single(date: IsoDate | undefined): DateValue {
  return date ? { kind: "day", date } : { kind: "invalid" };
}

/** "3/4" could be 3 April or March 4; only a part above 12 settles it. */
function slashDate(ctx: DateContext, a: number, b: number, yearText?: string): DateValue {
  const year = readYear(yearText);
  const dayFirst = dayOf(ctx, b, a, year);
  const monthFirst = dayOf(ctx, a, b, year);
  if (a === b || !monthFirst) return single(dayFirst);
  if (!dayFirst) return single(monthFirst);
  return {
    kind: "ambiguous",
    dates: ctx.usOrder ? [monthFirst, dayFirst] : [dayFirst, monthFirst],
  };
}

/** "the 14th" is the next 14th that exists, this month if it has not passed. */
export function nextDayOfMonth(ctx: DateContext, day: number): DateValue {
  let { year, month } = parseIsoDate(ctx.today);
  for (let i = 0; i < 13; i++) {
    if (day <= daysInMonth(year, month)) {
      const date = isoDate(year, month, day);
      if (date >= ctx.today) return { kind: "day", date };
    }
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
  return { kind: "invalid" };
}

function weekRange(ctx: DateContext, which: string): DateValue {
  const monday = startOfWeek(ctx.today);
  if (which === "this") return { kind: "range", from: ctx.today, to: addDays(monday, 6) };
  const offset = which === "after" ? 14 : 7;
  return { kind: "range", from: addDays(monday, offset), to: addDays(monday, offset + 6) };
}

function weekendRange(ctx: DateContext, which: string | undefined): DateValue {
  const saturday = addDays(startOfWeek(ctx.today), which === "next" ? 12 : 5);
  return { kind: "range", from: maxDate(saturday, ctx.today), to: addDays(saturday, 1) };
}

function monthRange(ctx: DateContext, which: string): DateValue {
  let { year, month } = parseIsoDate(ctx.today);
  if (which === "this") return { kind: "range", from: ctx.today, to: endOfMonth(year, month) };
  month = month === 12 ? 1 : month + 1;
  if (month === 1) year++;
  return { kind: "range", from: isoDate(year, month, 1), to: endOfMonth(year, month) };
}

type Reader = (m: RegExpExecArray, ctx: DateContext) => DateValue;

const NOT_A_TIME = "(?![:.]\\d|\\s*[ap]\\.?m\\b)";
const NOT_A_CHOICE = "(?!\\s+(?:one|option|choice|slot|appointment|booking|visit)s?\\b)";

const PATTERNS: readonly [RegExp, Reader][] = [
  [
    /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/,
    (m, ctx) => slashDate(ctx, Number(m[1]), Number(m[2]), m[3]),
  ],
  [
    new RegExp(
      `\\b(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b${NOT_A_TIME}`,
    ),
    (m, ctx) => single(dayOf(ctx, monthNumber(m[1] ?? ""), Number(m[2]), readYear(m[3]))),
  ],
  [
    new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_PATTERN})\\b\\.?(?:,?\\s+(\\d{4}))?`,
    ),
    (m, ctx) => single(dayOf(ctx, monthNumber(m[2] ?? ""), Number(m[1]), readYear(m[3]))),
  ],
  [
    new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b${NOT_A_CHOICE}`),
    (m, ctx) => nextDayOfMonth(ctx, Number(m[1])),
  ],
  [
    new RegExp(`\\bon\\s+the\\s+(\\d{1,2})\\b${NOT_A_TIME}${NOT_A_CHOICE}`),
    (m, ctx) => nextDayOfMonth(ctx, Number(m[1])),
  ],
  [/\bthe\s+week\s+after\s+next\b/, (_m, ctx) => weekRange(ctx, "after")],
  [/\b(this|next|the following)\s+week\b/, (m, ctx) => weekRange(ctx, m[1] ?? "this")],
  [/\b(?:(this|next|the)\s+)?weekend\b/, (m, ctx) => weekendRange(ctx, m[1])],
  [/\b(this|next)\s+month\b/, (m, ctx) => monthRange(ctx, m[1] ?? "this")],
  // Only "this" is taken so that the part of day is still there for the time reader.
  [/\bthis\s+(?=morning|afternoon|evening)/, (_m, ctx) => ({ kind: "day", date: ctx.today })],
];

export function findPatternDates(
  text: string,
  ctx: DateContext,
): { mentions: DateMention[]; rest: string } {
  const mentions: DateMention[] = [];
  let rest = text;
  for (const [pattern, read] of PATTERNS) {
    const taken = takeAll(rest, pattern);
    for (const m of taken.matches) {
      mentions.push({
        start: m.index,
        end: m.index + m[0].length,
        text: m[0].trim(),
        value: read(m, ctx),
      });
    }
    rest = taken.rest;
  }
  return { mentions, rest };
}
