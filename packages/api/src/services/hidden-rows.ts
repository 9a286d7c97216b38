import { Prisma } from "@dentalcare/db";
import type { Tx } from "../unit-of-work.ts";
import type { Interval } from "./slots.ts";
import type { ReservationRow } from "./views.ts";

// The few questions a user's transaction must ask about rows that row-level security hides
// from that user. Each is a database function (migration `row_level_security`) that runs in
// the system context and answers with no more than the question needs: taken intervals, the
// holds it expired, whether an id exists.

export async function busyIntervalsOf(
  db: Tx,
  q: {
    dentistId: string;
    from: Date;
    to: Date;
    now: Date;
    excludeAppointmentId?: string | undefined;
    forPatientId: string | null;
  },
): Promise<Interval[]> {
  return db.$queryRaw<Interval[]>`
    SELECT starts_at AS "startsAt", ends_at AS "endsAt"
    FROM app_busy_intervals(${q.dentistId}::uuid, ${q.from}, ${q.to}, ${q.now},
                            ${q.excludeAppointmentId ?? null}::uuid, ${q.forPatientId}::uuid)`;
}

/** Marks held-but-lapsed holds expired (anyone's), returning them. */
export async function expireLapsedHoldRows(
  tx: Tx,
  now: Date,
  scope: { dentistId?: string; startsAt?: Date; endsAt?: Date },
): Promise<ReservationRow[]> {
  return tx.$queryRaw<ReservationRow[]>`
    SELECT id, dentist_id AS "dentistId", patient_id AS "patientId", type_id AS "typeId",
           starts_at AS "startsAt", ends_at AS "endsAt", expires_at AS "expiresAt", status::text AS status
    FROM app_expire_lapsed_holds(${now}, ${scope.dentistId ?? null}::uuid,
                                 ${scope.startsAt ?? null}::timestamptz, ${scope.endsAt ?? null}::timestamptz)
    ORDER BY starts_at, id`;
}

export type HiddenTable = "appointments" | "slot_reservations";

/** Whether a row exists at all, visible to the current user or not. */
export async function rowExists(db: Tx, table: HiddenTable, id: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: boolean }[]>(
    Prisma.sql`SELECT app_row_exists(${table}, ${id}::uuid) AS found`,
  );
  return rows[0]?.found === true;
}
