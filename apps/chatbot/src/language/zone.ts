import { addDays, type IsoDate, isoDate, parseIsoDate } from "./calendar.ts";

// Time-zone conversions through Intl only: the offset of an IANA zone is read at the exact
// instant that matters, so dates around DST changes come out right whatever the host zone is.

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid date");
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const read = (key: string): number => parts[key] ?? 0;
  return {
    year: read("year"),
    month: read("month"),
    day: read("day"),
    // Some ICU versions still print midnight as 24 even with h23.
    hour: read("hour") % 24,
    minute: read("minute"),
    second: read("second"),
  };
}

/** Minutes to add to UTC to get the zone's wall clock at `instant` (London summer: 60). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

export function localDate(instant: Date, timeZone: string): IsoDate {
  const w = wallClock(instant, timeZone);
  return isoDate(w.year, w.month, w.day);
}

export function localMinutes(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return w.hour * 60 + w.minute;
}

/**
 * The instant at which the zone's clocks show `date` + `minutes`. A wall time that happens twice
 * (clocks going back) resolves to the earlier instant; one skipped by clocks going forward
 * resolves to the same duration after midnight, i.e. it lands after the gap.
 */
export function zonedTimeToInstant(date: IsoDate, minutes: number, timeZone: string): Date {
  const { year, month, day } = parseIsoDate(date);
  const naive = Date.UTC(year, month - 1, day, 0, minutes);
  const dayMs = 86_400_000;
  const before = zoneOffsetMinutes(new Date(naive - dayMs), timeZone);
  const after = zoneOffsetMinutes(new Date(naive + dayMs), timeZone);
  const targetDate = addDays(date, Math.floor(minutes / 1440));
  const targetMinutes = ((minutes % 1440) + 1440) % 1440;
  const candidates = [naive - before * 60_000, naive - after * 60_000].filter((t) => {
    const w = wallClock(new Date(t), timeZone);
    return (
      isoDate(w.year, w.month, w.day) === targetDate && w.hour * 60 + w.minute === targetMinutes
    );
  });
  const chosen = candidates.length > 0 ? Math.min(...candidates) : naive - before * 60_000;
  return new Date(chosen);
}
