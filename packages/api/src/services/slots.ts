import {
  earliestInstantAtOrAfter,
  formatMinute,
  latestInstantFor,
  localToInstants,
} from "@dentalcare/zoned-time";
import type { SlotView } from "../schemas/views.ts";

// Free-slot arithmetic, free of any database: the caller gathers the day's working ranges and
// what is already taken, this turns them into bookable intervals.

const MINUTE_MS = 60_000;

export interface MinuteRange {
  startMinute: number;
  endMinute: number;
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

export interface SlotQuery {
  /** The local calendar date, YYYY-MM-DD, in `timeZone`. */
  date: string;
  timeZone: string;
  /** The working ranges that apply to that date (weekly ranges or the exception's hours). */
  ranges: MinuteRange[];
  /** Grid step: slots start every `slotMinutes` of local wall-clock time. */
  slotMinutes: number;
  durationMinutes: number;
  /** Intervals nobody else may book (active appointments, other patients' live holds). */
  busy: Interval[];
  /** Slots must start at or after this instant (now plus the minimum notice). */
  earliestStart: Date;
  /** Slots must start at or before this instant (now plus the booking horizon). */
  latestStart: Date;
  /**
   * Consider only this local minute of the grid. Checking one requested time then costs a
   * few zone conversions instead of one per slot of the day, with the same rules.
   */
  onlyMinute?: number;
}

function onGrid(range: MinuteRange, slotMinutes: number, minute: number): boolean {
  return (
    minute >= range.startMinute &&
    minute < range.endMinute &&
    (minute - range.startMinute) % slotMinutes === 0
  );
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/**
 * Candidate starts lie on the local wall-clock grid of each range, so "09:00, 09:15, …" reads
 * the same on every day. A local time that does not exist (spring forward) yields no slot; one
 * that exists twice (fall back) yields two. Each slot lasts `durationMinutes` of real time and
 * must end by the range's real end.
 */
export function computeSlots(q: SlotQuery): SlotView[] {
  const out = new Map<number, SlotView>();
  const only = q.onlyMinute;
  for (const range of q.ranges) {
    if (only !== undefined && !onGrid(range, q.slotMinutes, only)) continue;
    const rangeStart = earliestInstantAtOrAfter(q.date, range.startMinute, q.timeZone);
    const rangeEnd = latestInstantFor(q.date, range.endMinute, q.timeZone);
    const first = only ?? range.startMinute;
    const last = only ?? range.endMinute - 1;
    for (let m = first; m <= last; m += q.slotMinutes) {
      for (const startsAt of localToInstants(q.date, m, q.timeZone)) {
        const endsAt = new Date(startsAt.getTime() + q.durationMinutes * MINUTE_MS);
        if (startsAt < rangeStart || endsAt > rangeEnd) continue;
        if (startsAt < q.earliestStart || startsAt > q.latestStart) continue;
        const slot = { startsAt, endsAt };
        if (q.busy.some((b) => overlaps(slot, b))) continue;
        out.set(startsAt.getTime(), {
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          localTime: formatMinute(m),
        });
      }
    }
  }
  return [...out.entries()].sort(([a], [b]) => a - b).map(([, slot]) => slot);
}
