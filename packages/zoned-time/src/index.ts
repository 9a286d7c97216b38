// Wall-clock time in an IANA zone, with nothing but Intl. A dentist's hours are local
// ("Mondays 09:00–12:00 in Europe/London") while appointments are instants, so every
// conversion goes through here. On a spring-forward day some local times do not exist; on a
// fall-back day some exist twice. `localToInstants` returns every instant a local time names.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
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

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall clock as ICU prints it, without the remembered offsets below: exact, and the
 * costly part (about 10 µs a call). Exported so tests can hold wallClockAt to it.
 */
export function wallClockByIcu(instant: Date, timeZone: string): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  // Some ICU versions still print midnight as 24 even with h23.
  out.hour %= 24;
  return out;
}

/** Milliseconds `w` (the wall clock at `ms`) is ahead of UTC, at whole seconds. */
function aheadOfUtcMs(w: WallClock, ms: number): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Milliseconds the zone's clock is ahead of UTC at `ms`, by ICU alone. */
export function icuOffsetMs(ms: number, timeZone: string): number {
  return aheadOfUtcMs(wallClockByIcu(new Date(ms), timeZone), ms);
}

// A booking converts a dozen instants, mostly within a few hours of each other, so offsets
// are remembered per zone and hour of UTC. An hour is remembered only when ICU gives the same
// offset at its first and last second: no zone changes its offset twice within an hour, so
// the offset then holds for the whole hour. An hour with a change in it (null) always asks ICU.
const HOUR_MS = 60 * MINUTE_MS;
const HOURS_REMEMBERED = 20_000;
const hourOffsets = new Map<string, number | null>();

function offsetOfHour(timeZone: string, hour: number): number | null {
  const key = `${timeZone} ${hour}`;
  const known = hourOffsets.get(key);
  if (known !== undefined) return known;
  const first = icuOffsetMs(hour * HOUR_MS, timeZone);
  const last = icuOffsetMs((hour + 1) * HOUR_MS - 1000, timeZone);
  const offset = first === last ? first : null;
  if (hourOffsets.size >= HOURS_REMEMBERED) hourOffsets.clear();
  hourOffsets.set(key, offset);
  return offset;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid date");
  const offset = offsetOfHour(timeZone, Math.floor(ms / HOUR_MS));
  if (offset === null) return wallClockByIcu(instant, timeZone);
  const local = new Date(ms + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Minutes the zone is ahead of UTC at `instant` (London in summer: 60). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  return Math.round(aheadOfUtcMs(wallClockAt(instant, timeZone), ms) / MINUTE_MS);
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return { year, month, day };
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date in `timeZone` at `instant`, as YYYY-MM-DD. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Minutes since local midnight in `timeZone` at `instant`. */
export function localMinuteOf(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  return w.hour * 60 + w.minute;
}

export function formatMinute(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

function pad(n: number): string {
  return n.toString().padStart(2, "0");
}

/**
 * Every instant at which the clock in `timeZone` shows `minuteOfDay` on `date` (1440 means
 * the next midnight). Empty inside a spring-forward gap; two instants, earliest first, in a
 * fall-back overlap; otherwise one.
 */
export function localToInstants(date: string, minuteOfDay: number, timeZone: string): Date[] {
  const { year, month, day } = parseDate(date);
  const wallAsUtc = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  const want = new Date(wallAsUtc);
  // The offsets in force a day either side cover any transition near this wall time
  // (zones change offset at most once in such a window).
  const offsets = new Set(
    [-DAY_MS, 0, DAY_MS].map((delta) => offsetMinutesAt(new Date(wallAsUtc + delta), timeZone)),
  );
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = wallAsUtc - offset * MINUTE_MS;
    const w = wallClockAt(new Date(candidate), timeZone);
    if (
      w.year === want.getUTCFullYear() &&
      w.month === want.getUTCMonth() + 1 &&
      w.day === want.getUTCDate() &&
      w.hour === want.getUTCHours() &&
      w.minute === want.getUTCMinutes()
    ) {
      found.add(candidate);
    }
  }
  return [...found].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/**
 * The one instant a screen or a parser means by a local time: the earlier of two in a
 * fall-back overlap; inside a spring-forward gap, the time read with the offset from before
 * the gap, so it lands as far after the gap as it was into it.
 */
export function zonedTimeToInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const [first] = localToInstants(date, minuteOfDay, timeZone);
  if (first) return first;
  const { year, month, day } = parseDate(date);
  const wallAsUtc = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  return new Date(wallAsUtc - offsetMinutesAt(new Date(wallAsUtc - DAY_MS), timeZone) * MINUTE_MS);
}

/**
 * The first instant at or after the local time: inside a gap that is the moment the clocks
 * jumped, so a working range starting in the gap starts when the gap ends.
 */
export function earliestInstantAtOrAfter(
  date: string,
  minuteOfDay: number,
  timeZone: string,
): Date {
  for (let m = minuteOfDay; m <= minuteOfDay + 24 * 60; m++) {
    const day = m >= 1440 ? addDays(date, Math.floor(m / 1440)) : date;
    const [first] = localToInstants(day, m % 1440, timeZone);
    if (first) return first;
  }
  throw new RangeError(`no instant found for ${date} ${formatMinute(minuteOfDay)} ${timeZone}`);
}

/**
 * The last instant the local time names; inside a gap, the moment the clocks jumped (a range
 * ending in the gap ends when it begins: nothing after the jump belongs to it).
 */
export function latestInstantFor(date: string, minuteOfDay: number, timeZone: string): Date {
  const all = localToInstants(date, minuteOfDay, timeZone);
  const last = all[all.length - 1];
  return last ?? earliestInstantAtOrAfter(date, minuteOfDay, timeZone);
}
