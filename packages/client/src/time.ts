// Wall-clock arithmetic in a named IANA zone, for screens that show the clinic's (dentist's)
// time whatever zone the viewer's device is in. Dates are "YYYY-MM-DD" local to that zone,
// times are minutes after local midnight.

import {
  addDays,
  formatMinute,
  isoWeekday,
  localDateOf as localDateAt,
  localMinuteOf,
} from "@dentalcare/zoned-time";

export { addDays, formatMinute, isoWeekday, zonedTimeToInstant } from "@dentalcare/zoned-time";

function toDate(value: Date | string): Date {
  return typeof value === "string" ? new Date(value) : value;
}

/** The local calendar date of an instant in `timeZone`, as YYYY-MM-DD. */
export function localDateOf(instant: Date | string, timeZone: string): string {
  return localDateAt(toDate(instant), timeZone);
}

/** Minutes after local midnight of an instant in `timeZone`. */
export function minuteOfDayIn(instant: Date | string, timeZone: string): number {
  return localMinuteOf(toDate(instant), timeZone);
}

/** The Monday on or before `date`. */
export function startOfIsoWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** "09:30" → 570; null when the text is not HH:MM. */
export function parseMinute(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** "10:30" in the zone. */
export function formatTime(instant: Date | string, timeZone: string): string {
  return formatMinute(minuteOfDayIn(instant, timeZone));
}

/** "10:30 (Europe/London)": a time that says which clock it is read on. */
export function formatTimeWithZone(instant: Date | string, timeZone: string): string {
  return `${formatTime(instant, timeZone)} (${timeZone})`;
}

/** "Mon 24 Nov" (or with the year when `withYear`). */
export function formatDate(
  instant: Date | string,
  timeZone: string,
  options: { withYear?: boolean; weekday?: "short" | "long" } = {},
): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: options.weekday ?? "short",
    day: "numeric",
    month: "short",
    ...(options.withYear ? { year: "numeric" } : {}),
  }).format(toDate(instant));
}

/** A local calendar date (YYYY-MM-DD) as "Mon 24 Nov". */
export function formatLocalDate(
  date: string,
  options: { withYear?: boolean; weekday?: "short" | "long" } = {},
): string {
  // Noon UTC of that date is the same calendar day when read in UTC.
  return formatDate(`${date}T12:00:00Z`, "UTC", options);
}

/** "Mon 24 Nov, 10:30 (Europe/London)" */
export function formatDateTime(instant: Date | string, timeZone: string): string {
  return `${formatDate(instant, timeZone)}, ${formatTimeWithZone(instant, timeZone)}`;
}

/** Whether [startsAt, endsAt) has any part on local `date` in `timeZone`. */
export function touchesLocalDate(
  startsAt: Date | string,
  endsAt: Date | string,
  date: string,
  timeZone: string,
): boolean {
  const first = localDateOf(startsAt, timeZone);
  const lastInstant = new Date(Math.max(toDate(startsAt).getTime(), toDate(endsAt).getTime() - 1));
  const last = localDateOf(lastInstant, timeZone);
  return first <= date && date <= last;
}
