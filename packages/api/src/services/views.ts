import type { Prisma } from "@dentalcare/db";
import type {
  AppointmentTypeView,
  AppointmentView,
  ReservationView,
  ScheduleView,
} from "../schemas/views.ts";

// Rows → views. Every query that feeds a view uses the select next to its mapper, so a field
// is either in the select and the view, or nowhere (no password hash can slip through).

export const appointmentSelect = {
  id: true,
  patientId: true,
  dentistId: true,
  typeId: true,
  startsAt: true,
  endsAt: true,
  status: true,
  source: true,
  notes: true,
  patientNotes: true,
  medicalHistory: true,
  cancellationReason: true,
  cancelledAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  patient: { select: { fullName: true } },
  dentist: { select: { user: { select: { fullName: true } } } },
  type: { select: { code: true, name: true } },
} as const satisfies Prisma.AppointmentSelect;
export type AppointmentRow = Prisma.AppointmentGetPayload<{ select: typeof appointmentSelect }>;

export function toAppointmentView(row: AppointmentRow): AppointmentView {
  return {
    id: row.id,
    patientId: row.patientId,
    patientName: row.patient.fullName,
    dentistId: row.dentistId,
    dentistName: row.dentist.user.fullName,
    typeId: row.typeId,
    typeCode: row.type.code,
    typeName: row.type.name,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    status: row.status,
    source: row.source,
    notes: row.notes,
    patientNotes: row.patientNotes,
    medicalHistory: row.medicalHistory,
    cancellationReason: row.cancellationReason,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const reservationSelect = {
  id: true,
  dentistId: true,
  patientId: true,
  typeId: true,
  startsAt: true,
  endsAt: true,
  expiresAt: true,
  status: true,
} as const satisfies Prisma.SlotReservationSelect;
export type ReservationRow = Prisma.SlotReservationGetPayload<{ select: typeof reservationSelect }>;

export function toReservationView(row: ReservationRow): ReservationView {
  return {
    id: row.id,
    dentistId: row.dentistId,
    patientId: row.patientId,
    typeId: row.typeId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    status: row.status,
  };
}

/**
 * The schedule with the exceptions from `exceptionsFrom` on; past exceptions only matter to
 * history, and clients would otherwise receive an ever-growing list.
 */
export function scheduleSelect(exceptionsFrom: Date) {
  return {
    id: true,
    timeZone: true,
    slotMinutes: true,
    version: true,
    weeklyRanges: {
      select: { weekday: true, startMinute: true, endMinute: true },
      orderBy: [{ weekday: "asc" }, { startMinute: "asc" }],
    },
    exceptions: {
      where: { date: { gte: exceptionsFrom } },
      select: {
        id: true,
        date: true,
        closed: true,
        startMinute: true,
        endMinute: true,
        reason: true,
      },
      orderBy: [{ date: "asc" }, { startMinute: "asc" }],
    },
  } as const satisfies Prisma.DentistSelect;
}
export type ScheduleRow = Prisma.DentistGetPayload<{ select: ReturnType<typeof scheduleSelect> }>;

/** A DATE column arrives as UTC midnight of that calendar date. */
export function dateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export function toScheduleView(row: ScheduleRow): ScheduleView {
  return {
    dentistId: row.id,
    timeZone: row.timeZone,
    slotMinutes: row.slotMinutes,
    weekly: row.weeklyRanges.map((r) => ({
      weekday: r.weekday,
      startMinute: r.startMinute,
      endMinute: r.endMinute,
    })),
    exceptions: row.exceptions.map((e) => ({
      id: e.id,
      date: dateOnly(e.date),
      closed: e.closed,
      startMinute: e.startMinute,
      endMinute: e.endMinute,
      reason: e.reason,
    })),
    version: row.version,
  };
}

export const appointmentTypeSelect = {
  id: true,
  code: true,
  name: true,
  durationMinutes: true,
} as const satisfies Prisma.AppointmentTypeSelect;

export function toAppointmentTypeView(
  row: Prisma.AppointmentTypeGetPayload<{ select: typeof appointmentTypeSelect }>,
): AppointmentTypeView {
  return { id: row.id, code: row.code, name: row.name, durationMinutes: row.durationMinutes };
}
