// Wall-clock arithmetic in a named IANA zone, for screens that show the clinic's (dentist's)
// time whatever zone the viewer's device is in. Dates are "YYYY-MM-DD" local to that zone,
// times are minutes after local midnight.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

function toDate(value: Date | string): Date {
  return typeof value === "string" ? new Date(value) : value;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar date of an instant in `timeZone`, as YYYY-MM-DD. */
export function localDateOf(instant: Date | string, timeZone: string): string {
  const p = localParts(toDate(instant), timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes after local midnight of an instant in `timeZone`. */
export function minuteOfDayIn(instant: Date | string, timeZone: string): number {
  const p = localParts(toDate(instant), timeZone);
  return p.hour * 60 + p.minute;
}

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` at `minute`. A time skipped by
 * a spring-forward change maps to the instant just after the gap; an ambiguous one to the
 * earlier of its two instants.
 */
export function zonedTimeToInstant(date: string, minute: number, timeZone: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d) + minute * MINUTE_MS;
  // The zone's offsets around that moment; a wall time matches at most two of them.
  const offsets = new Set(
    [-DAY_MS / 2, 0, DAY_MS / 2].map((shift) => offsetMs(new Date(wall + shift), timeZone)),
  );
  const candidates = [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => wall === t + offsetMs(new Date(t), timeZone));
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // Skipped by a spring-forward change: read the wall time with the offset from before it.
  return new Date(wall - Math.min(...offsets));
}

export function addDays(date: string, days: number): string {
  const [y = 1970, m = 1, d = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday on or before `date`. */
export function startOfIsoWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** 570 → "09:30" */
export function formatMinute(minute: number): string {
  return `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
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
