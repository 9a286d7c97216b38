import type { Prisma } from "@dentalcare/db";
import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { CreateAppointmentInput, ListAppointmentsInput } from "../schemas/appointments.ts";
import type { AppointmentSource, AppointmentStatus } from "../schemas/common.ts";
import type { AppointmentView } from "../schemas/views.ts";
import { type Tx, withChanges } from "../unit-of-work.ts";
import { loadAccessibleAppointment } from "./appointment-access.ts";
import { emitAppointmentChange, emitAppointmentSlot, emitHoldConverted } from "./booking-events.ts";
import { bookingFacts } from "./booking-facts.ts";
import { mapSlotConflicts, slotUnavailable } from "./db-errors.ts";
import { isFreeSlot, noticeMinutesFor } from "./free-slots.ts";
import { lockDentistSchedule } from "./locks.ts";
import {
  type AppointmentRow,
  appointmentSelect,
  reservationSelect,
  toAppointmentView,
  toReservationView,
} from "./views.ts";

// Reading and booking appointments. A booking checks and takes its slot in one transaction
// under the dentist's advisory lock (the same lock holds and reschedules take), so of N
// simultaneous requests for one time exactly one wins; the exclusion constraint on
// appointments backs that up, and its violation surfaces as SLOT_UNAVAILABLE too.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

// A new appointment's own columns; the names its view shows were read with the booking facts
// (reading them back through the relations would cost four more queries).
const {
  patient: _patient,
  dentist: _dentist,
  type: _type,
  ...appointmentColumns
} = appointmentSelect;

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

/** The live hold this booking consumes: the one named, or the patient's own on this exact slot. */
async function holdToConvert(
  tx: Tx,
  now: Date,
  input: CreateAppointmentInput,
  patientId: string,
  startsAt: Date,
) {
  if (!input.reservationId) {
    return tx.slotReservation.findFirst({
      where: {
        patientId,
        dentistId: input.dentistId,
        startsAt,
        typeId: input.typeId,
        status: "held",
        expiresAt: { gt: now },
      },
      select: reservationSelect,
    });
  }
  const hold = await tx.slotReservation.findUnique({
    where: { id: input.reservationId },
    select: reservationSelect,
  });
  if (!hold || hold.patientId !== patientId) throw new AppError("NOT_FOUND", "Hold not found");
  if (hold.status !== "held" || hold.expiresAt <= now) {
    throw new AppError("SLOT_UNAVAILABLE", "Your hold on this time has expired", {
      reservationStatus: hold.status === "held" ? "expired" : hold.status,
    });
  }
  if (
    hold.dentistId !== input.dentistId ||
    hold.startsAt.getTime() !== startsAt.getTime() ||
    (hold.typeId !== null && hold.typeId !== input.typeId)
  ) {
    throw new AppError("VALIDATION_ERROR", "The hold is for another dentist, time or type", {
      fields: { reservationId: ["does not match dentistId, startsAt and typeId"] },
    });
  }
  return hold;
}

export function createAppointment(
  deps: ApiDeps,
  user: AuthUser,
  input: CreateAppointmentInput,
): Promise<AppointmentView> {
  const booking = bookingFor(user, input);
  const startsAt = new Date(input.startsAt);
  return mapSlotConflicts(() =>
    withChanges(deps, user.id, async (tx, emit) => {
      await lockDentistSchedule(tx, input.dentistId);
      const now = deps.clock.now();
      const facts = await bookingFacts(tx, {
        dentistId: input.dentistId,
        typeId: input.typeId,
        patientId: booking.patientId,
      });
      const patient = facts.patient;
      if (!patient || (user.role !== "patient" && patient.role !== "patient")) {
        throw new AppError("NOT_FOUND", "Patient not found");
      }
      if (!facts.type) throw new AppError("NOT_FOUND", "Appointment type not found");
      const durationMinutes = facts.type.durationMinutes;
      const hold = await holdToConvert(tx, now, input, booking.patientId, startsAt);
      if (!facts.dentist) throw new AppError("NOT_FOUND", "Dentist not found");
      // A live hold already proved the slot free and kept it so; otherwise check it now.
      if (!hold) {
        const free = await isFreeSlot(
          tx,
          deps,
          {
            dentistId: input.dentistId,
            startsAt,
            durationMinutes,
            forPatientId: booking.patientId,
            noticeMinutes: noticeMinutesFor(user, deps),
          },
          facts.dentist,
        );
        if (!free) throw slotUnavailable();
      }
      const created = await tx.appointment.create({
        data: {
          patientId: booking.patientId,
          dentistId: input.dentistId,
          typeId: input.typeId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + durationMinutes * MINUTE_MS),
          status: booking.status,
          source: booking.source,
          notes: input.notes ?? null,
          patientNotes: input.patientNotes ?? null,
          medicalHistory: input.medicalHistory ?? null,
        },
        select: appointmentColumns,
      });
      const row: AppointmentRow = {
        ...created,
        patient: { fullName: patient.fullName },
        dentist: { user: { fullName: facts.dentist.fullName } },
        type: { code: facts.type.code, name: facts.type.name },
      };
      const appointment = toAppointmentView(row);
      if (hold) {
        const [converted] = await tx.slotReservation.updateManyAndReturn({
          where: { id: hold.id, status: "held" },
          data: { status: "converted", endedAt: now },
          select: reservationSelect,
        });
        if (!converted) throw slotUnavailable();
        emitHoldConverted(emit, toReservationView(converted), appointment.id);
      }
      emitAppointmentChange(emit, { type: "appointment.created", payload: { appointment } });
      emitAppointmentSlot(emit, appointment, appointment, "taken", "booking");
      return appointment;
    }),
  );
}
