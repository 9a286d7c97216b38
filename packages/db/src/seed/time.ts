import {
  addDays as addIsoDays,
  isoWeekday as isoWeekdayOf,
  wallClockAt,
  zonedTimeToInstant,
} from "@dentalcare/zoned-time";

// The demo schedule's calendar arithmetic: dates as { year, month, day } (how the seed walks
// the calendar), converted through the shared zone module so the schedule lands at 09:00 in
// London and at 09:00 in New York on the right UTC instants across DST changes.

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

function fromKey(key: string): LocalDate {
  const [year = 1970, month = 1, day = 1] = key.split("-").map(Number);
  return { year, month, day };
}

export function isoWeekday(date: LocalDate): number {
  return isoWeekdayOf(dateKey(date));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromKey(addIsoDays(dateKey(date), days));
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
  const w = wallClockAt(instant, timeZone);
  const date = { year: w.year, month: w.month, day: w.day };
  return { date, minute: w.hour * 60 + w.minute, weekday: isoWeekday(date) };
}

/** The UTC instant at which a wall clock in `timeZone` shows `minuteOfDay` on `date`. */
export function zonedTimeToUtc(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  return zonedTimeToInstant(dateKey(date), minuteOfDay, timeZone);
}
