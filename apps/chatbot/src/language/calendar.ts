// Pure arithmetic on local calendar dates ("YYYY-MM-DD"). Working in UTC keeps it free of the
// host machine's time zone, so a date never shifts because of the server's DST rules.

export type IsoDate = string;

const MS_PER_DAY = 86_400_000;

export function isoDate(year: number, month: number, day: number): IsoDate {
  const y = String(year).padStart(4, "0");
  return `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDay(epochDay: number): IsoDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function diffDays(later: IsoDate, earlier: IsoDate): number {
  return toEpochDay(later) - toEpochDay(earlier);
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay. */
export function weekdayOf(date: IsoDate): number {
  // 1970-01-01 was a Thursday.
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** Monday of the week containing `date`; clinics plan in Monday-first weeks. */
export function startOfWeek(date: IsoDate): IsoDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

export function endOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/**
 * A month and day said without a year means whichever of last, this or next year's date is
 * closest to today: "Jan 5" in December is next month, "Nov 30" in December is a past date.
 */
export function closestYear(today: IsoDate, month: number, day: number): IsoDate | undefined {
  const { year } = parseIsoDate(today);
  let best: IsoDate | undefined;
  for (const y of [year - 1, year, year + 1]) {
    if (!isValidDay(y, month, day)) continue;
    const candidate = isoDate(y, month, day);
    if (!best || Math.abs(diffDays(candidate, today)) < Math.abs(diffDays(best, today))) {
      best = candidate;
    }
  }
  return best;
}
