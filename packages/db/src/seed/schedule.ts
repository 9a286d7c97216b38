import type { DemoDentist } from "./demo-data.ts";
import { addDays, dateKey, isoWeekday, type LocalDate, localParts } from "./time.ts";

export interface PlannedException {
  dentistIndex: number;
  date: LocalDate;
  closed: boolean;
  startMinute: number | null;
  endMinute: number | null;
  reason: string;
}

type Ranges = ReadonlyArray<readonly [number, number]>;

/** The hours a dentist works on `date`: an exception replaces the weekly pattern. */
export function effectiveRanges(
  dentist: DemoDentist,
  exception: PlannedException | undefined,
  date: LocalDate,
): Ranges {
  if (exception) {
    if (exception.closed || exception.startMinute === null || exception.endMinute === null) {
      return [];
    }
    return [[exception.startMinute, exception.endMinute]];
  }
  return dentist.weekly[isoWeekday(date)] ?? [];
}

function nextChristmas(today: LocalDate): LocalDate {
  const passed = today.month === 12 && today.day > 25;
  return { year: today.year + (passed ? 1 : 0), month: 12, day: 25 };
}

/** First day on or after `from` that the dentist normally works and that is not taken. */
function nextWorkingDay(dentist: DemoDentist, from: LocalDate, taken: Set<string>): LocalDate {
  let date = from;
  while ((dentist.weekly[isoWeekday(date)] ?? []).length === 0 || taken.has(dateKey(date))) {
    date = addDays(date, 1);
  }
  return date;
}

/**
 * Everyone closes on the next 25 December; Dr. Lee also takes a training day about two weeks
 * ahead and Dr. Patel has a short day next week, so both kinds of exception are visible in the
 * booking window. Dates are in each dentist's own calendar.
 */
export function planExceptions(now: Date, dentists: readonly DemoDentist[]): PlannedException[] {
  const out: PlannedException[] = [];
  dentists.forEach((dentist, dentistIndex) => {
    const today = localParts(now, dentist.timeZone).date;
    const christmas = nextChristmas(today);
    const taken = new Set([dateKey(christmas)]);
    out.push({
      dentistIndex,
      date: christmas,
      closed: true,
      startMinute: null,
      endMinute: null,
      reason: "Christmas Day",
    });
    if (dentistIndex === 0) {
      out.push({
        dentistIndex,
        date: nextWorkingDay(dentist, addDays(today, 14), taken),
        closed: true,
        startMinute: null,
        endMinute: null,
        reason: "Training day",
      });
    }
    if (dentistIndex === 1) {
      out.push({
        dentistIndex,
        date: nextWorkingDay(dentist, addDays(today, 9), taken),
        closed: false,
        startMinute: 10 * 60,
        endMinute: 14 * 60,
        reason: "Short day: orthodontics conference in the afternoon",
      });
    }
  });
  return out;
}
