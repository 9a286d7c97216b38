import { z } from "zod";
import {
  appointmentSource,
  appointmentStatus,
  freeText,
  id,
  isoInstant,
  localDate,
} from "./common.ts";

// Query-string friendly where REST reads them from the URL: numbers are coerced, and a status
// list may be repeated (?status=a&status=b) or comma-separated (?status=a,b).

const statusList = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value.split(",").map((s) => s.trim())
      : Array.isArray(value)
        ? value.flatMap((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : [v]))
        : value,
  z.array(appointmentStatus).min(1).max(4),
);

/** An instant, or a date meaning that UTC day (dateTo includes the whole day). */
const instantOrDate = z.union([isoInstant, localDate]);

export const listAppointmentsInput = z
  .object({
    status: statusList.optional(),
    dateFrom: instantOrDate.optional(),
    dateTo: instantOrDate.optional(),
    dentistId: id.optional(),
    patientId: id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .prefault({});
export type ListAppointmentsInput = z.infer<typeof listAppointmentsInput>;

export const appointmentIdInput = z.object({ id });

export const createAppointmentInput = z.object({
  dentistId: id,
  typeId: id,
  startsAt: isoInstant,
  notes: freeText(2000).optional(),
  patientNotes: freeText(2000).optional(),
  medicalHistory: freeText(5000).optional(),
  /** Book the slot this live hold keeps; the hold is converted in the same transaction. */
  reservationId: id.optional(),
  /** Staff only: the patient being booked. */
  patientId: id.optional(),
  source: appointmentSource.optional(),
});
export type CreateAppointmentInput = z.infer<typeof createAppointmentInput>;

export const updateAppointmentInput = z.object({
  id,
  startsAt: isoInstant.optional(),
  typeId: id.optional(),
  /** Staff notes. */
  notes: freeText(2000).nullable().optional(),
  patientNotes: freeText(2000).nullable().optional(),
  /** The version the client last saw; a stale one is refused with CONFLICT. */
  expectedVersion: z.int().min(1).optional(),
});
export type UpdateAppointmentInput = z.infer<typeof updateAppointmentInput>;

export const cancelAppointmentInput = z.object({ id, reason: freeText(500).optional() });
export type CancelAppointmentInput = z.infer<typeof cancelAppointmentInput>;
