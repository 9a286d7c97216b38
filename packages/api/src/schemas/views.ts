import { z } from "zod";
import {
  appointmentSource,
  appointmentStatus,
  id,
  isoInstant,
  reservationStatus,
  role,
} from "./common.ts";

// What the API returns. Events carry the same shapes, so a client can apply an event to its
// cache with the code that renders a query result.

export const profileView = z.object({
  id,
  email: z.string(),
  role,
  fullName: z.string(),
  phone: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  version: z.int(),
  updatedAt: isoInstant,
});
export type ProfileView = z.infer<typeof profileView>;

export const weeklyRangeView = z.object({
  weekday: z.int().min(1).max(7),
  startMinute: z.int(),
  endMinute: z.int(),
});
export const exceptionView = z.object({
  id,
  date: z.string(),
  closed: z.boolean(),
  startMinute: z.int().nullable(),
  endMinute: z.int().nullable(),
  reason: z.string().nullable(),
});
export const scheduleView = z.object({
  dentistId: id,
  timeZone: z.string(),
  slotMinutes: z.int(),
  weekly: z.array(weeklyRangeView),
  exceptions: z.array(exceptionView),
  version: z.int(),
});
export type ScheduleView = z.infer<typeof scheduleView>;

export const dentistView = z.object({
  id,
  fullName: z.string(),
  email: z.string(),
  specialty: z.string(),
  timeZone: z.string(),
  slotMinutes: z.int(),
  active: z.boolean(),
  bio: z.string().nullable(),
});
export type DentistView = z.infer<typeof dentistView>;

export const appointmentTypeView = z.object({
  id,
  code: z.string(),
  name: z.string(),
  durationMinutes: z.int(),
});
export type AppointmentTypeView = z.infer<typeof appointmentTypeView>;

export const appointmentView = z.object({
  id,
  patientId: id,
  patientName: z.string(),
  dentistId: id,
  dentistName: z.string(),
  typeId: id,
  typeCode: z.string(),
  typeName: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  status: appointmentStatus,
  source: appointmentSource,
  notes: z.string().nullable(),
  patientNotes: z.string().nullable(),
  medicalHistory: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  cancelledAt: isoInstant.nullable(),
  version: z.int(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type AppointmentView = z.infer<typeof appointmentView>;

export const reservationView = z.object({
  id,
  dentistId: id,
  patientId: id,
  typeId: id.nullable(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  expiresAt: isoInstant,
  status: reservationStatus,
});
export type ReservationView = z.infer<typeof reservationView>;

export const slotView = z.object({
  startsAt: isoInstant,
  endsAt: isoInstant,
  /** Local wall-clock start, HH:MM in the dentist's zone, for display. */
  localTime: z.string(),
});
export type SlotView = z.infer<typeof slotView>;
