// Wall-clock arithmetic in a named IANA time zone using only Intl, so the demo schedule lands
// at 09:00 in London and at 09:00 in New York on the right UTC instants across DST changes.

/** A calendar date with no time zone attached (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalParts {
  date: LocalDate;
  /** Minutes since local midnight. */
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function fields(instant: Date, timeZone: string) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

export function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD`, also the key used to look up availability exceptions. */
export function dateKey(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** The value Prisma stores in a `@db.Date` column for this calendar date. */
export function toDbDate(date: LocalDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}

/** What a wall clock in `timeZone` shows at `instant`. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const f = fields(instant, timeZone);
  const date = { year: f.year, month: f.month, day: f.day };
  return { date, minute: f.hour * 60 + f.minute, weekday: isoWeekday(date) };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (London in summer: +1 h). */
function offsetMs(instant: number, timeZone: string): number {
  const f = fields(new Date(instant), timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The UTC instant at which a wall clock in `timeZone` shows `minuteOfDay` on `date`. The
 * offset is looked up twice because the first guess can fall on the other side of a DST
 * change. A wall time skipped by a spring-forward gap resolves to a neighbouring instant
 * (clinic hours never fall in one).
 */
export function zonedTimeToUtc(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const first = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(first, timeZone);
  return new Date(second);
}
