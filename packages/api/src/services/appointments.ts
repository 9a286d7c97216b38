import type { Prisma } from "@dentalcare/db";
import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { CreateAppointmentInput, ListAppointmentsInput } from "../schemas/appointments.ts";
import type { AppointmentSource, AppointmentStatus } from "../schemas/common.ts";
import type { AppointmentView } from "../schemas/views.ts";
import { loadAccessibleAppointment } from "./appointment-access.ts";
import { knownScheduleFacts, refreshedScheduleFacts, slotFits } from "./booking-schedule.ts";
import { bookInOneStatement } from "./booking-statement.ts";
import { slotUnavailable } from "./db-errors.ts";
import { bookingWindow, noticeMinutesFor } from "./free-slots.ts";
import { slotFlightsOf } from "./slot-flights.ts";
import { appointmentSelect, toAppointmentView } from "./views.ts";

// Reading and booking appointments. A booking checks and takes its slot in one statement
// (booking-statement.ts) under the dentist's advisory lock (the same lock holds and
// reschedules take), so of N simultaneous requests for one time exactly one wins; the
// exclusion constraint on appointments backs that up, and its violation surfaces as
// SLOT_UNAVAILABLE too. The statement writes the change events in its own transaction.

const DAY_MS = 24 * 60 * 60_000;

export interface AppointmentPage {
  data: AppointmentView[];
  pagination: { total: number; limit: number; offset: number; hasMore: boolean };
}

function lowerBound(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function upperBound(value: string): Prisma.DateTimeFilter {
  // A bare date includes that whole (UTC) day.
  return value.length === 10
    ? { lt: new Date(new Date(`${value}T00:00:00Z`).getTime() + DAY_MS) }
    : { lte: new Date(value) };
}

/** Patients only ever see their own appointments, dentists theirs, admins everyone's. */
export async function listAppointments(
  deps: ApiDeps,
  user: AuthUser,
  input: ListAppointmentsInput,
): Promise<AppointmentPage> {
  let { patientId, dentistId } = input;
  if (user.role === "patient") {
    if (patientId && patientId !== user.id) {
      throw new AppError("FORBIDDEN", "Patients can only list their own appointments");
    }
    patientId = user.id;
  } else if (user.role === "dentist") {
    if (dentistId && dentistId !== user.id) {
      throw new AppError("FORBIDDEN", "Dentists can only list their own appointments");
    }
    dentistId = user.id;
  }
  const startsAt: Prisma.DateTimeFilter = {
    ...(input.dateFrom ? { gte: lowerBound(input.dateFrom) } : {}),
    ...(input.dateTo ? upperBound(input.dateTo) : {}),
  };
  const where: Prisma.AppointmentWhereInput = {
    ...(patientId ? { patientId } : {}),
    ...(dentistId ? { dentistId } : {}),
    ...(input.status ? { status: { in: input.status } } : {}),
    ...(input.dateFrom || input.dateTo ? { startsAt } : {}),
  };
  const [total, rows] = await deps.db.$transaction([
    deps.db.appointment.count({ where }),
    deps.db.appointment.findMany({
      where,
      select: appointmentSelect,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      skip: input.offset,
      take: input.limit,
    }),
  ]);
  return {
    data: rows.map(toAppointmentView),
    pagination: {
      total,
      limit: input.limit,
      offset: input.offset,
      hasMore: input.offset + rows.length < total,
    },
  };
}

export async function appointmentById(
  deps: ApiDeps,
  user: AuthUser,
  id: string,
): Promise<AppointmentView> {
  return toAppointmentView(await loadAccessibleAppointment(deps.db, user, id));
}

interface Booking {
  patientId: string;
  source: AppointmentSource;
  status: AppointmentStatus;
}

/** Who is booked, by which channel, and whether the booking needs confirming. */
function bookingFor(user: AuthUser, input: CreateAppointmentInput): Booking {
  if (user.role === "patient") {
    if (input.patientId && input.patientId !== user.id) {
      throw new AppError("FORBIDDEN", "Patients can only book for themselves");
    }
    if (input.source === "admin") {
      throw new AppError("FORBIDDEN", "Patients book through the patient app or the chatbot");
    }
    // Same rule as appointments.update: `notes` are the clinic's; patients write patientNotes.
    if (input.notes !== undefined) {
      throw new AppError("FORBIDDEN", "Only staff can write the appointment notes");
    }
    return { patientId: user.id, source: input.source ?? "patient_app", status: "pending" };
  }
  if (!input.patientId) {
    throw new AppError("VALIDATION_ERROR", "Staff must say which patient they book for", {
      fields: { patientId: ["is required when staff book"] },
    });
  }
  if (user.role === "dentist" && input.dentistId !== user.id) {
    throw new AppError("FORBIDDEN", "Dentists can only book into their own schedule");
  }
  const source = input.source ?? "admin";
  return {
    patientId: input.patientId,
    source,
    status: source === "chatbot" ? "pending" : "confirmed",
  };
}

/** Attempts before a booking whose schedule keeps changing under it gives up. */
const MAX_SCHEDULE_ATTEMPTS = 3;
/** The longest a booking queues for a lock; past it the client is told to retry (503). */
const LOCK_WAIT_MS = 10_000;

export async function createAppointment(
  deps: ApiDeps,
  user: AuthUser,
  input: CreateAppointmentInput,
): Promise<AppointmentView> {
  const booking = bookingFor(user, input);
  const startsAt = new Date(input.startsAt);
  // A named hold is its holder's alone; nobody races for it.
  if (input.reservationId) return book(deps, user, input, booking, startsAt);
  const key = `${input.dentistId.toLowerCase()}|${startsAt.getTime()}`;
  return slotFlightsOf(deps.db).run(
    key,
    () => book(deps, user, input, booking, startsAt),
    () => slotUnavailable(),
  );
}

async function book(
  deps: ApiDeps,
  user: AuthUser,
  input: CreateAppointmentInput,
  booking: Booking,
  startsAt: Date,
): Promise<AppointmentView> {
  const now = deps.clock.now();
  const slot = { dentistId: input.dentistId, typeId: input.typeId, startsAt, now };
  const window = bookingWindow(deps, now, noticeMinutesFor(user, deps));
  // A named hold decides the slot by itself; the schedule is only read for the others.
  let schedule = input.reservationId ? null : await knownScheduleFacts(deps, slot);
  for (let attempt = 1; attempt <= MAX_SCHEDULE_ATTEMPTS; attempt++) {
    const answer = await bookInOneStatement(deps, {
      actorId: user.id,
      now,
      patientId: booking.patientId,
      dentistId: input.dentistId,
      typeId: input.typeId,
      startsAt,
      reservationId: input.reservationId,
      status: booking.status,
      source: booking.source,
      notes: input.notes ?? null,
      patientNotes: input.patientNotes ?? null,
      medicalHistory: input.medicalHistory ?? null,
      staff: user.role !== "patient",
      schedule,
      fits: slotFits(schedule, { startsAt, ...window }),
      lockWaitMs: LOCK_WAIT_MS,
    });
    if (answer.outcome === "booked") return answer.appointment;
    schedule = await refreshedScheduleFacts(deps, slot, answer.schedule);
  }
  throw new AppError("CONFLICT", "The dentist's schedule changed during the booking; try again");
}
