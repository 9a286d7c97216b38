import {
  addDays,
  earliestInstantAtOrAfter,
  isoWeekday,
  localDateOf,
  localMinuteOf,
} from "@dentalcare/zoned-time";
import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { SlotView } from "../schemas/views.ts";
import type { Tx } from "../unit-of-work.ts";
import { busyIntervalsOf } from "./hidden-rows.ts";
import { computeSlots, type MinuteRange } from "./slots.ts";

// The database side of free slots: gathers one local day's working hours and what is taken,
// and hands them to the pure slot arithmetic. Booking paths call it inside their transaction,
// after taking the dentist's lock, so the answer cannot change before they insert.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const DEFAULT_DURATION_MINUTES = 30;

export interface SlotRequest {
  dentistId: string;
  /** Local date in the dentist's zone. */
  date: string;
  durationMinutes: number;
  /** This patient's own live holds do not hide slots from them. */
  forPatientId: string | null;
  /** Slots must start this many minutes after now. */
  noticeMinutes: number;
  /** When moving an appointment, its current time does not block its new one. */
  excludeAppointmentId?: string;
}

export interface DaySlots {
  dentistId: string;
  date: string;
  timeZone: string;
  durationMinutes: number;
  slots: SlotView[];
}

/** Patients need the clinic's notice period; staff may fill any slot that has not started. */
export function noticeMinutesFor(user: Pick<AuthUser, "role">, deps: Pick<ApiDeps, "config">) {
  return user.role === "patient" ? deps.config.minNoticeMinutes : 0;
}

export async function durationOf(
  db: Tx,
  input: { typeId?: string | undefined; durationMinutes?: number | undefined },
): Promise<number> {
  if (input.typeId) {
    const type = await db.appointmentType.findUnique({
      where: { id: input.typeId },
      select: { durationMinutes: true },
    });
    if (!type) throw new AppError("NOT_FOUND", "Appointment type not found");
    return type.durationMinutes;
  }
  return input.durationMinutes ?? DEFAULT_DURATION_MINUTES;
}

export async function loadDentistZone(db: Tx, dentistId: string) {
  const dentist = await db.dentist.findUnique({
    where: { id: dentistId },
    select: { id: true, timeZone: true, slotMinutes: true, active: true },
  });
  if (!dentist) throw new AppError("NOT_FOUND", "Dentist not found");
  return dentist;
}

interface RangeRow {
  exception: boolean;
  closed: boolean;
  startMinute: number | null;
  endMinute: number | null;
}

async function workingRanges(db: Tx, dentistId: string, date: string): Promise<MinuteRange[]> {
  // Both sources in one statement; a date's exceptions, when it has any, replace its weekly hours.
  const rows = await db.$queryRaw<RangeRow[]>`
    SELECT true AS exception, closed, start_minute AS "startMinute", end_minute AS "endMinute"
    FROM availability_exceptions
    WHERE dentist_id = ${dentistId}::uuid AND date = ${date}::date
    UNION ALL
    SELECT false, false, start_minute, end_minute
    FROM availability_ranges
    WHERE dentist_id = ${dentistId}::uuid AND weekday = ${isoWeekday(date)}`;
  const exceptions = rows.filter((r) => r.exception);
  if (exceptions.some((e) => e.closed)) return [];
  return (exceptions.length > 0 ? exceptions : rows).flatMap((r) =>
    r.startMinute !== null && r.endMinute !== null
      ? [{ startMinute: r.startMinute, endMinute: r.endMinute }]
      : [],
  );
}

async function busyIntervals(db: Tx, req: SlotRequest, from: Date, to: Date, now: Date) {
  // Other patients' appointments and holds are hidden by row-level security; only their
  // times are needed, and a database function gives exactly those.
  return busyIntervalsOf(db, {
    dentistId: req.dentistId,
    from,
    to,
    now,
    excludeAppointmentId: req.excludeAppointmentId,
    forPatientId: req.forPatientId,
  });
}

export type DentistZone = Awaited<ReturnType<typeof loadDentistZone>>;

export async function freeSlotsOn(
  db: Tx,
  deps: Pick<ApiDeps, "clock" | "config">,
  req: SlotRequest,
): Promise<DaySlots> {
  return slotsOfDay(db, deps, req, await loadDentistZone(db, req.dentistId));
}

async function slotsOfDay(
  db: Tx,
  deps: Pick<ApiDeps, "clock" | "config">,
  req: SlotRequest,
  dentist: DentistZone,
): Promise<DaySlots> {
  const result: DaySlots = {
    dentistId: dentist.id,
    date: req.date,
    timeZone: dentist.timeZone,
    durationMinutes: req.durationMinutes,
    slots: [],
  };
  if (!dentist.active) return result;
  const ranges = await workingRanges(db, req.dentistId, req.date);
  if (ranges.length === 0) return result;
  const now = deps.clock.now();
  // Wide enough for any range of the day plus the longest appointment.
  const from = new Date(earliestInstantAtOrAfter(req.date, 0, dentist.timeZone).getTime() - DAY_MS);
  const to = new Date(
    earliestInstantAtOrAfter(addDays(req.date, 1), 0, dentist.timeZone).getTime() + DAY_MS,
  );
  result.slots = computeSlots({
    date: req.date,
    timeZone: dentist.timeZone,
    ranges,
    slotMinutes: dentist.slotMinutes,
    durationMinutes: req.durationMinutes,
    busy: await busyIntervals(db, req, from, to, now),
    ...bookingWindow(deps, now, req.noticeMinutes),
  });
  return result;
}

/** When slots may start: after the notice period, within the booking horizon. */
export function bookingWindow(
  deps: Pick<ApiDeps, "config">,
  now: Date,
  noticeMinutes: number,
): { earliestStart: Date; latestStart: Date } {
  return {
    earliestStart: new Date(now.getTime() + noticeMinutes * MINUTE_MS),
    latestStart: new Date(now.getTime() + deps.config.maxAdvanceDays * DAY_MS),
  };
}

/**
 * Whether `startsAt` is a slot of its local day by the schedule alone: on the grid, inside
 * working hours, notice period and horizon. What is already taken is for the caller to
 * check (the booking statement does, under the dentist's lock).
 */
export function fitsSchedule(q: {
  startsAt: Date;
  date: string;
  timeZone: string;
  ranges: MinuteRange[];
  slotMinutes: number;
  durationMinutes: number;
  earliestStart: Date;
  latestStart: Date;
}): boolean {
  const { startsAt, ...day } = q;
  const slots = computeSlots({
    ...day,
    busy: [],
    onlyMinute: localMinuteOf(startsAt, q.timeZone),
  });
  const wanted = startsAt.toISOString();
  return slots.some((s) => s.startsAt === wanted);
}

/** Whether anything but the request's own holds (and the appointment it moves) takes the slot. */
async function slotTaken(db: Tx, req: SlotRequest & { startsAt: Date }, now: Date) {
  // Other patients' rows are hidden by row-level security; a database function answers in
  // the system context, with a yes or no.
  const endsAt = new Date(req.startsAt.getTime() + req.durationMinutes * MINUTE_MS);
  const rows = await db.$queryRaw<{ taken: boolean }[]>`
    SELECT app_slot_taken(${req.dentistId}::uuid, ${req.startsAt}::timestamptz,
                          ${endsAt}::timestamptz, ${now}::timestamptz,
                          ${req.excludeAppointmentId ?? null}::uuid,
                          ${req.forPatientId}::uuid) AS taken`;
  return rows[0]?.taken !== false;
}

/**
 * Whether `startsAt` is one of the free slots of its local day for this request: the same
 * answer as looking it up in the whole day's list, with only the requested start put through
 * the slot rules and one question to the database about what overlaps it.
 */
export async function isFreeSlot(
  db: Tx,
  deps: Pick<ApiDeps, "clock" | "config">,
  req: Omit<SlotRequest, "date"> & { startsAt: Date },
  /** The dentist, when the caller has already read it. */
  known?: DentistZone,
): Promise<boolean> {
  const dentist = known ?? (await loadDentistZone(db, req.dentistId));
  if (!dentist.active) return false;
  const date = localDateOf(req.startsAt, dentist.timeZone);
  const ranges = await workingRanges(db, req.dentistId, date);
  const now = deps.clock.now();
  const fits = fitsSchedule({
    startsAt: req.startsAt,
    date,
    timeZone: dentist.timeZone,
    ranges,
    slotMinutes: dentist.slotMinutes,
    durationMinutes: req.durationMinutes,
    ...bookingWindow(deps, now, req.noticeMinutes),
  });
  return fits && !(await slotTaken(db, { ...req, date }, now));
}
