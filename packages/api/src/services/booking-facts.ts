import type { Tx } from "../unit-of-work.ts";
import type { DentistZone } from "./free-slots.ts";

// Everything a booking reads about its dentist, type and patient, in one statement instead of
// one query per table (and Prisma's follow-up queries for the names an appointment view
// shows). Runs inside the booking's transaction, so row-level security applies as usual.

export interface BookingFacts {
  /** Null when there is no such dentist. */
  dentist: (DentistZone & { fullName: string }) | null;
  /** Null when there is no such appointment type. */
  type: { durationMinutes: number; code: string; name: string } | null;
  /** Null when the patient's row does not exist or is not visible to the caller. */
  patient: { fullName: string; role: string } | null;
}

interface FactsRow {
  dentistId: string | null;
  timeZone: string | null;
  slotMinutes: number | null;
  active: boolean | null;
  dentistName: string | null;
  durationMinutes: number | null;
  typeCode: string | null;
  typeName: string | null;
  patientName: string | null;
  patientRole: string | null;
}

export async function bookingFacts(
  tx: Tx,
  q: { dentistId: string; typeId: string; patientId: string },
): Promise<BookingFacts> {
  const [row] = await tx.$queryRaw<FactsRow[]>`
    SELECT d.id::text AS "dentistId", d.time_zone AS "timeZone", d.slot_minutes AS "slotMinutes",
           d.active, du.full_name AS "dentistName",
           t.duration_minutes AS "durationMinutes", t.code AS "typeCode", t.name AS "typeName",
           p.full_name AS "patientName", p.role::text AS "patientRole"
    FROM (SELECT 1) AS one
    LEFT JOIN dentists d ON d.id = ${q.dentistId}::uuid
    LEFT JOIN users du ON du.id = d.id
    LEFT JOIN appointment_types t ON t.id = ${q.typeId}::uuid
    LEFT JOIN users p ON p.id = ${q.patientId}::uuid`;
  if (!row) return { dentist: null, type: null, patient: null };
  return {
    dentist:
      row.dentistId !== null &&
      row.timeZone !== null &&
      row.slotMinutes !== null &&
      row.active !== null &&
      row.dentistName !== null
        ? {
            id: row.dentistId,
            timeZone: row.timeZone,
            slotMinutes: row.slotMinutes,
            active: row.active,
            fullName: row.dentistName,
          }
        : null,
    type:
      row.durationMinutes !== null && row.typeCode !== null && row.typeName !== null
        ? { durationMinutes: row.durationMinutes, code: row.typeCode, name: row.typeName }
        : null,
    patient:
      row.patientName !== null && row.patientRole !== null
        ? { fullName: row.patientName, role: row.patientRole }
        : null,
  };
}
