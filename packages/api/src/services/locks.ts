import type { Tx } from "../unit-of-work.ts";

// Transaction-scoped advisory locks: held until commit or rollback, so every booking decision
// for one dentist (hold, book, reschedule) sees the previous one's result. The exclusion
// constraints stay as the last line of defence.

/**
 * The text the dentist's lock is keyed by. Ids arrive as the client spelled them and a UUID
 * may be written in either case; every path must take the same lock for the same dentist.
 */
export function dentistLockKey(dentistId: string): string {
  return dentistId.toLowerCase();
}

export async function lockDentistSchedule(tx: Tx, dentistId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${dentistLockKey(dentistId)}))`;
}

function patientHoldsKey(patientId: string): string {
  return `patient-holds:${patientId.toLowerCase()}`;
}

/**
 * The dentist's lock and then the patient's hold lock, which serialises one patient's holds
 * across dentists so the per-patient hold limit holds. One round trip; the order is the one
 * every path keeps (the dentist's first, so two holds never wait on each other crosswise),
 * as a SELECT evaluates its output columns left to right.
 */
export async function lockDentistAndPatientHolds(
  tx: Tx,
  dentistId: string,
  patientId: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${dentistLockKey(dentistId)})), pg_advisory_xact_lock(hashtext(${patientHoldsKey(patientId)}))`;
}
