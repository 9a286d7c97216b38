import {
  addDays,
  localDateOf,
  minuteOfDayIn,
  startOfIsoWeek,
  zonedTimeToInstant,
} from "@dentalcare/client";

// The calendar's arithmetic, free of React: which days a view shows, which instants bound the
// query, and how overlapping appointments share a day column.

export type CalendarView = "day" | "week";
export type Status = "pending" | "confirmed" | "completed" | "cancelled";
export const STATUSES: readonly Status[] = ["pending", "confirmed", "completed", "cancelled"];

export interface Timed {
  id: string;
  startsAt: string;
  endsAt: string;
}

/** The local dates a view shows: one day, or Monday to Sunday of the anchor's week. */
export function daysOf(view: CalendarView, anchor: string): string[] {
  if (view === "day") return [anchor];
  const monday = startOfIsoWeek(anchor);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The instants bounding those days in `timeZone` (dateTo is inclusive on the server). */
export function rangeOf(days: readonly string[], timeZone: string) {
  const first = days[0] ?? "1970-01-01";
  const last = days[days.length - 1] ?? first;
  const from = zonedTimeToInstant(first, 0, timeZone);
  const to = new Date(zonedTimeToInstant(addDays(last, 1), 0, timeZone).getTime() - 1);
  return { dateFrom: from.toISOString(), dateTo: to.toISOString() };
}

export function shiftAnchor(view: CalendarView, anchor: string, direction: 1 | -1): string {
  return addDays(anchor, direction * (view === "day" ? 1 : 7));
}

/** The zone most active dentists work in: the clinic's own clock for the all-dentists view. */
export function clinicZone(dentists: readonly { timeZone: string; active: boolean }[]): string {
  const counts = new Map<string, number>();
  for (const d of dentists) if (d.active) counts.set(d.timeZone, (counts.get(d.timeZone) ?? 0) + 1);
  let best = dentists[0]?.timeZone ?? "UTC";
  let bestCount = 0;
  for (const [zone, count] of counts) {
    if (count > bestCount) {
      best = zone;
      bestCount = count;
    }
  }
  return best;
}

export interface Placed<T> {
  item: T;
  /** Start and end in minutes after local midnight of the column's day (clipped to it). */
  top: number;
  bottom: number;
  lane: number;
  lanes: number;
}

/**
 * The appointments of one local day, each given a lane so overlapping ones sit side by side.
 * Lanes are counted per cluster of overlapping appointments, so a lone one gets full width.
 */
export function layoutDay<T extends Timed>(
  items: readonly T[],
  day: string,
  timeZone: string,
): Placed<T>[] {
  const placed = items
    .filter((a) => localDateOf(a.startsAt, timeZone) === day)
    .map((item) => {
      const top = minuteOfDayIn(item.startsAt, timeZone);
      const endsSameDay = localDateOf(new Date(Date.parse(item.endsAt) - 1), timeZone) === day;
      const bottom = endsSameDay
        ? Math.max(top + 5, minuteOfDayIn(item.endsAt, timeZone) || 1440)
        : 1440;
      return { item, top, bottom, lane: 0, lanes: 1 };
    })
    .sort((a, b) => a.top - b.top || a.bottom - b.bottom || a.item.id.localeCompare(b.item.id));

  let cluster: Placed<T>[] = [];
  let clusterEnd = -1;
  let laneEnds: number[] = [];
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const p of placed) {
    if (p.top >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= p.top);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(p.bottom);
    } else {
      laneEnds[lane] = p.bottom;
    }
    p.lane = lane;
    cluster.push(p);
    clusterEnd = Math.max(clusterEnd, p.bottom);
  }
  close();
  return placed;
}

/** The hours a grid shows: working hours by default, widened to fit every appointment. */
export function hoursToShow(placed: readonly { top: number; bottom: number }[]) {
  let first = 8;
  let last = 18;
  for (const p of placed) {
    first = Math.min(first, Math.floor(p.top / 60));
    last = Math.max(last, Math.ceil(p.bottom / 60));
  }
  return { firstHour: first, lastHour: Math.min(24, last) };
}
