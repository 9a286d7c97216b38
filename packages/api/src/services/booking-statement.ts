import { Prisma } from "@dentalcare/db";
import type { DbScope } from "../db-scope.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { serviceUnavailable } from "../overload.ts";
import { channels } from "../realtime/channels.ts";
import type { AppointmentSource, AppointmentStatus } from "../schemas/common.ts";
import type { AppointmentView } from "../schemas/views.ts";
import { changeInOneStatement } from "../unit-of-work.ts";
import { appointmentChannels, slotChannels } from "./booking-events.ts";
import type { ScheduleFacts } from "./booking-schedule.ts";
import { mapSlotConflicts, postgresCode, slotUnavailable } from "./db-errors.ts";
import { dentistLockKey } from "./locks.ts";

// One booking as one statement: the database function app_book_appointment (migration
// `booking_in_one_statement`) checks, inserts, converts the hold and writes the change events
// in the statement's own transaction. This file passes it what the API decided and turns its
// answer back into a view or the API's errors.

export interface BookingRequest {
  actorId: string;
  now: Date;
  patientId: string;
  dentistId: string;
  typeId: string;
  startsAt: Date;
  reservationId: string | undefined;
  status: AppointmentStatus;
  source: AppointmentSource;
  notes: string | null;
  patientNotes: string | null;
  medicalHistory: string | null;
  /** Staff book only for users whose role is patient. */
  staff: boolean;
  /** The facts the API judged the slot by, and its verdict (used only without a hold). */
  schedule: ScheduleFacts | null;
  fits: boolean;
  /** How long to wait for the dentist's or the event log's lock before giving up. */
  lockWaitMs: number;
}

/** SQLSTATE lock_not_available: a lock was not granted within lock_timeout. */
const LOCK_NOT_AVAILABLE = "55P03";

export type BookingAnswer =
  | { outcome: "booked"; appointment: AppointmentView }
  | { outcome: "stale"; schedule: unknown };

interface Row {
  result: unknown;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The refusals, in the words the API has always used for them. */
function refusal(outcome: unknown, answer: unknown): AppError {
  switch (outcome) {
    case "patient_not_found":
      return new AppError("NOT_FOUND", "Patient not found");
    case "type_not_found":
      return new AppError("NOT_FOUND", "Appointment type not found");
    case "hold_not_found":
      return new AppError("NOT_FOUND", "Hold not found");
    case "hold_ended":
      return new AppError("SLOT_UNAVAILABLE", "Your hold on this time has expired", {
        reservationStatus: field(answer, "reservationStatus"),
      });
    case "hold_mismatch":
      return new AppError("VALIDATION_ERROR", "The hold is for another dentist, time or type", {
        fields: { reservationId: ["does not match dentistId, startsAt and typeId"] },
      });
    case "dentist_not_found":
      return new AppError("NOT_FOUND", "Dentist not found");
    case "slot_unavailable":
      return slotUnavailable();
    default:
      return new AppError("INTERNAL_ERROR", "The booking could not be completed");
  }
}

function statement(q: BookingRequest) {
  // Channels are named from the ids as the database writes them (lower case), like every
  // other event's.
  const dentistId = q.dentistId.toLowerCase();
  const patientId = q.patientId.toLowerCase();
  const fields = {
    actorId: q.actorId,
    now: q.now,
    patientId: q.patientId,
    dentistId: q.dentistId,
    typeId: q.typeId,
    startsAt: q.startsAt,
    reservationId: q.reservationId ?? null,
    status: q.status,
    source: q.source,
    notes: q.notes,
    patientNotes: q.patientNotes,
    medicalHistory: q.medicalHistory,
    staff: q.staff,
    lockKey: dentistLockKey(q.dentistId),
    schedule: q.schedule,
    fits: q.fits,
    appointmentChannels: appointmentChannels({ dentistId, patientId }),
    slotChannels: slotChannels(dentistId),
    patientChannels: [channels.appointmentsOfPatient(patientId)],
    lockWaitMs: Math.round(q.lockWaitMs),
  };
  // One JSON parameter: the driver layers cost far more per parameter than per byte.
  return (scope: DbScope) =>
    Prisma.sql`SELECT app_book_appointment(${JSON.stringify({ ...fields, userId: scope.userId, role: scope.role })}::jsonb) AS result`;
}

async function run(deps: Pick<ApiDeps, "db" | "commits">, q: BookingRequest): Promise<Row> {
  try {
    return await mapSlotConflicts(() =>
      changeInOneStatement<Row>(deps, statement(q), (r) => field(r.result, "outcome") === "booked"),
    );
  } catch (error) {
    // A lock queue this long means the database is overloaded, not that the request is wrong.
    if (postgresCode(error) === LOCK_NOT_AVAILABLE) throw serviceUnavailable(error);
    throw error;
  }
}

/**
 * Runs one booking attempt. Returns the booked appointment or `stale` (the facts the slot
 * was judged by changed; judge again with the ones returned); throws the API's error for
 * every refusal, SLOT_UNAVAILABLE for an exclusion violation too.
 */
export async function bookInOneStatement(
  deps: Pick<ApiDeps, "db" | "commits">,
  q: BookingRequest,
): Promise<BookingAnswer> {
  const row = await run(deps, q);
  const answer = row.result;
  const outcome = field(answer, "outcome");
  if (outcome === "booked") {
    // Built by the function in the view's exact shape (a test holds it to toAppointmentView);
    // the procedure's output schema validates it once more.
    return { outcome, appointment: field(answer, "appointment") as AppointmentView };
  }
  if (outcome === "stale") return { outcome, schedule: field(answer, "schedule") };
  throw refusal(outcome, answer);
}
