import { isoWeekday, localDateOf } from "@dentalcare/zoned-time";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { ScheduleView } from "../schemas/views.ts";
import { readSchedule } from "./availability.ts";
import { cachesFor, TtlCache } from "./cache.ts";
import { fitsSchedule } from "./free-slots.ts";

// What a booking judges its slot by, without a query in the common case: the dentist's
// cached schedule and the appointment type's cached duration. A cache may be behind the
// database (an event not yet applied, a write made outside the API): the booking statement
// compares these facts with the rows under the dentist's lock and answers `stale` with the
// rows as they are, so a cache can cost a retry but never decide a booking.

/** The facts one booking's slot check rests on. */
export interface ScheduleFacts {
  timeZone: string;
  slotMinutes: number;
  durationMinutes: number;
  /** The local date of the requested start in `timeZone`. */
  date: string;
  /** That date's working hours, [startMinute, endMinute] in order. */
  ranges: [number, number][];
}

const durationCaches = new WeakMap<ApiDeps, TtlCache<number>>();

function durationCache(deps: ApiDeps): TtlCache<number> {
  let cache = durationCaches.get(deps);
  if (!cache) {
    cache = new TtlCache({ clock: deps.clock, ttlMs: 5 * 60_000, maxEntries: 200 });
    durationCaches.set(deps, cache);
  }
  return cache;
}

/** A missing row is not an error here: the booking statement reports it in its own order. */
async function orNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.appCode === "NOT_FOUND") return null;
    throw error;
  }
}

function durationOfType(deps: ApiDeps, typeId: string): Promise<number | null> {
  const key = typeId.toLowerCase();
  return orNull(() =>
    durationCache(deps).getOrLoad(key, async () => {
      const type = await deps.db.appointmentType.findUnique({
        where: { id: typeId },
        select: { durationMinutes: true },
      });
      if (!type) throw new AppError("NOT_FOUND", "Appointment type not found");
      return type.durationMinutes;
    }),
  );
}

function scheduleOf(deps: ApiDeps, dentistId: string, now: Date): Promise<ScheduleView | null> {
  return orNull(() =>
    cachesFor(deps).schedules.getOrLoad(dentistId.toLowerCase(), () =>
      readSchedule(deps.db, dentistId, now),
    ),
  );
}

/** A date's working hours by the same rule as the database's: exceptions replace the week. */
export function rangesOn(schedule: ScheduleView, date: string): [number, number][] {
  const exceptions = schedule.exceptions.filter((e) => e.date === date);
  const weekday = isoWeekday(date);
  const source =
    exceptions.length > 0
      ? exceptions.some((e) => e.closed)
        ? []
        : exceptions
      : schedule.weekly.filter((r) => r.weekday === weekday);
  return source
    .flatMap((r): [number, number][] =>
      r.startMinute !== null && r.endMinute !== null ? [[r.startMinute, r.endMinute]] : [],
    )
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The facts as this instance knows them; null when the dentist or type was not found. */
export async function knownScheduleFacts(
  deps: ApiDeps,
  q: { dentistId: string; typeId: string; startsAt: Date; now: Date },
): Promise<ScheduleFacts | null> {
  const [schedule, durationMinutes] = await Promise.all([
    scheduleOf(deps, q.dentistId, q.now),
    durationOfType(deps, q.typeId),
  ]);
  if (!schedule || durationMinutes === null) return null;
  const date = localDateOf(q.startsAt, schedule.timeZone);
  return {
    timeZone: schedule.timeZone,
    slotMinutes: schedule.slotMinutes,
    durationMinutes,
    date,
    ranges: rangesOn(schedule, date),
  };
}

function isRanges(value: unknown): value is [number, number][] {
  return (
    Array.isArray(value) &&
    value.every(
      (r) =>
        Array.isArray(r) && r.length === 2 && typeof r[0] === "number" && typeof r[1] === "number",
    )
  );
}

/** The facts a `stale` answer carries (the rows as the database has them). */
export function parseScheduleFacts(value: unknown): Omit<ScheduleFacts, "date"> & {
  date: string | null;
} {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (
    typeof v.timeZone !== "string" ||
    typeof v.slotMinutes !== "number" ||
    typeof v.durationMinutes !== "number" ||
    !(typeof v.date === "string" || v.date === null) ||
    !isRanges(v.ranges)
  ) {
    throw new Error("the booking statement answered stale without the current schedule");
  }
  return {
    timeZone: v.timeZone,
    slotMinutes: v.slotMinutes,
    durationMinutes: v.durationMinutes,
    date: v.date,
    ranges: v.ranges,
  };
}

/**
 * After a `stale` answer: forgets what the caches knew and returns the facts to try again
 * with, from the answer itself when it covers the right date, else freshly read.
 */
export async function refreshedScheduleFacts(
  deps: ApiDeps,
  q: { dentistId: string; typeId: string; startsAt: Date; now: Date },
  stale: unknown,
): Promise<ScheduleFacts | null> {
  cachesFor(deps).schedules.invalidate(q.dentistId.toLowerCase());
  durationCache(deps).invalidate(q.typeId.toLowerCase());
  const actual = parseScheduleFacts(stale);
  const date = localDateOf(q.startsAt, actual.timeZone);
  if (actual.date === date) return { ...actual, date };
  return knownScheduleFacts(deps, q);
}

/** Far enough to leave every instant inside: the window is checked on its own. */
const WHENEVER = { earliestStart: new Date(-8.64e15), latestStart: new Date(8.64e15) };
const onGridMemo = new Map<string, boolean>();
const ON_GRID_MEMO_SIZE = 2_000;

/**
 * Whether the start is a slot of the schedule, leaving the booking window aside. A pure
 * function of its arguments, and the time-zone arithmetic behind it is the costliest part of
 * a booking in the API, so answers are remembered: racing requests for one slot, and retries,
 * ask the same question.
 */
function onGrid(facts: ScheduleFacts, startsAt: Date): boolean {
  const key = JSON.stringify([facts, startsAt.getTime()]);
  const known = onGridMemo.get(key);
  if (known !== undefined) return known;
  const answer = fitsSchedule({
    startsAt,
    date: facts.date,
    timeZone: facts.timeZone,
    ranges: facts.ranges.map(([startMinute, endMinute]) => ({ startMinute, endMinute })),
    slotMinutes: facts.slotMinutes,
    durationMinutes: facts.durationMinutes,
    ...WHENEVER,
  });
  if (onGridMemo.size >= ON_GRID_MEMO_SIZE) onGridMemo.clear();
  onGridMemo.set(key, answer);
  return answer;
}

/** The API's verdict on the slot by these facts alone (nothing taken is considered). */
export function slotFits(
  facts: ScheduleFacts | null,
  q: { startsAt: Date; earliestStart: Date; latestStart: Date },
): boolean {
  // The same bounds as the slot rules apply to every candidate start (slots.ts).
  if (!facts || q.startsAt < q.earliestStart || q.startsAt > q.latestStart) return false;
  return onGrid(facts, q.startsAt);
}
