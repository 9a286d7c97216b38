import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import {
  type AddExceptionInput,
  rangeProblems,
  type SlotsInput,
  type UpdateAvailabilityInput,
} from "../schemas/availability.ts";
import type { ScheduleView } from "../schemas/views.ts";
import { type Tx, withChanges } from "../unit-of-work.ts";
import { emitScheduleChange } from "./booking-events.ts";
import { type DaySlots, durationOf, freeSlotsOn, noticeMinutesFor } from "./free-slots.ts";
import { lockDentistSchedule } from "./locks.ts";
import { scheduleSelect, toScheduleView } from "./views.ts";

// A dentist's weekly hours and their exceptions. Every change bumps the dentist's version
// (optimistic concurrency for schedule editors) and is announced on the availability and
// slot channels, because it moves which slots exist.

const DAY_MS = 24 * 60 * 60_000;

/** Exceptions from yesterday (UTC) on: today in every time zone, and everything after. */
function exceptionsFrom(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS);
}

function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function assertCanManageSchedule(user: AuthUser, dentistId: string): void {
  if (user.role === "admin") return;
  if (user.role === "dentist" && user.id === dentistId) return;
  throw new AppError("FORBIDDEN", "Only this dentist or an admin can change this schedule");
}

export async function readSchedule(db: Tx, dentistId: string, now: Date): Promise<ScheduleView> {
  const row = await db.dentist.findUnique({
    where: { id: dentistId },
    select: scheduleSelect(exceptionsFrom(now)),
  });
  if (!row) throw new AppError("NOT_FOUND", "Dentist not found");
  return toScheduleView(row);
}

export function getSchedule(deps: ApiDeps, dentistId: string): Promise<ScheduleView> {
  return readSchedule(deps.db, dentistId, deps.clock.now());
}

/** Runs a schedule change under the dentist's lock, bumps the version and announces it. */
function changeSchedule(
  deps: ApiDeps,
  user: AuthUser,
  dentistId: string,
  change: (tx: Tx, current: { version: number }) => Promise<{ slotMinutes?: number }>,
): Promise<ScheduleView> {
  assertCanManageSchedule(user, dentistId);
  return withChanges(deps, user.id, async (tx, emit) => {
    await lockDentistSchedule(tx, dentistId);
    const current = await tx.dentist.findUnique({
      where: { id: dentistId },
      select: { version: true },
    });
    if (!current) throw new AppError("NOT_FOUND", "Dentist not found");
    const { slotMinutes } = await change(tx, current);
    await tx.dentist.update({
      where: { id: dentistId },
      data: { version: { increment: 1 }, ...(slotMinutes ? { slotMinutes } : {}) },
      select: { id: true },
    });
    const schedule = await readSchedule(tx, dentistId, deps.clock.now());
    emitScheduleChange(emit, schedule);
    return schedule;
  });
}

export function updateWeekly(
  deps: ApiDeps,
  user: AuthUser,
  input: UpdateAvailabilityInput,
): Promise<ScheduleView> {
  return changeSchedule(deps, user, input.dentistId, async (tx, current) => {
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new AppError("CONFLICT", "The schedule was changed by someone else; reload it", {
        currentVersion: current.version,
      });
    }
    await tx.availabilityRange.deleteMany({ where: { dentistId: input.dentistId } });
    if (input.weekly.length > 0) {
      await tx.availabilityRange.createMany({
        data: input.weekly.map((r) => ({ dentistId: input.dentistId, ...r })),
      });
    }
    return input.slotMinutes ? { slotMinutes: input.slotMinutes } : {};
  });
}

/**
 * A closed day replaces whatever the date had; special hours replace a closed marker and may
 * be combined with other special hours of that date as long as they do not overlap.
 */
export function addException(
  deps: ApiDeps,
  user: AuthUser,
  input: AddExceptionInput,
): Promise<ScheduleView> {
  return changeSchedule(deps, user, input.dentistId, async (tx) => {
    const where = { dentistId: input.dentistId, date: dateColumn(input.date) };
    if (input.closed) {
      await tx.availabilityException.deleteMany({ where });
    } else {
      await tx.availabilityException.deleteMany({ where: { ...where, closed: true } });
      const others = await tx.availabilityException.findMany({
        where,
        select: { startMinute: true, endMinute: true },
      });
      const ranges = [...others, { startMinute: input.startMinute, endMinute: input.endMinute }];
      const problems = rangeProblems(
        ranges.flatMap((r) =>
          r.startMinute == null || r.endMinute == null
            ? []
            : [{ startMinute: r.startMinute, endMinute: r.endMinute }],
        ),
      );
      if (problems.length > 0) {
        throw new AppError("VALIDATION_ERROR", "Special hours overlap hours already set", {
          fields: { startMinute: problems },
        });
      }
    }
    await tx.availabilityException.create({
      data: {
        ...where,
        closed: input.closed,
        startMinute: input.closed ? null : (input.startMinute ?? null),
        endMinute: input.closed ? null : (input.endMinute ?? null),
        reason: input.reason ?? null,
      },
      select: { id: true },
    });
    return {};
  });
}

export async function removeException(
  deps: ApiDeps,
  user: AuthUser,
  exceptionId: string,
): Promise<ScheduleView> {
  const exception = await deps.db.availabilityException.findUnique({
    where: { id: exceptionId },
    select: { dentistId: true },
  });
  if (!exception) throw new AppError("NOT_FOUND", "Exception not found");
  return changeSchedule(deps, user, exception.dentistId, async (tx) => {
    const removed = await tx.availabilityException.deleteMany({ where: { id: exceptionId } });
    if (removed.count === 0) throw new AppError("NOT_FOUND", "Exception not found");
    return {};
  });
}

export async function listSlots(
  deps: ApiDeps,
  user: AuthUser,
  input: SlotsInput,
): Promise<DaySlots> {
  return freeSlotsOn(deps.db, deps, {
    dentistId: input.dentistId,
    date: input.date,
    durationMinutes: await durationOf(deps.db, input),
    forPatientId: user.role === "patient" ? user.id : null,
    noticeMinutes: noticeMinutesFor(user, deps),
  });
}
