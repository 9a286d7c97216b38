import type { Tx } from "../unit-of-work.ts";

// Transaction-scoped advisory locks: held until commit or rollback, so every booking decision
// for one dentist (hold, book, reschedule) sees the previous one's result. The exclusion
// constraints stay as the last line of defence.

export async function lockDentistSchedule(tx: Tx, dentistId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${dentistId}))`;
}

/** Serialises one patient's holds across dentists, so the per-patient hold limit holds. */
export async function lockPatientHolds(tx: Tx, patientId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`patient-holds:${patientId}`}))`;
}
