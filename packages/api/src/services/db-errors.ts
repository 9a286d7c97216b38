import { AppError } from "../errors.ts";

// The database is the judge of double bookings (exclusion constraints on appointments and on
// live holds). Its verdict arrives wrapped by Prisma and the driver adapter; this digs out the
// PostgreSQL error code wherever the layers put it.

export const EXCLUSION_VIOLATION = "23P01";
export const SLOT_UNAVAILABLE_MESSAGE = "That time is no longer available";

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The SQLSTATE of a database error, if `error` is (or wraps) one. */
export function postgresCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    const e = asRecord(current);
    if (!e) return undefined;
    const adapterCause = asRecord(asRecord(asRecord(e.meta)?.driverAdapterError)?.cause);
    const original = adapterCause?.originalCode ?? adapterCause?.code;
    if (typeof original === "string") return original;
    // node-postgres errors carry the SQLSTATE as a five-character `code`.
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith("P")) {
      return e.code;
    }
    current = e.cause;
  }
  return undefined;
}

export function isExclusionViolation(error: unknown): boolean {
  return postgresCode(error) === EXCLUSION_VIOLATION;
}

export function slotUnavailable(details?: Record<string, unknown>): AppError {
  return new AppError("SLOT_UNAVAILABLE", SLOT_UNAVAILABLE_MESSAGE, details);
}

/** Runs `work`; an exclusion violation becomes SLOT_UNAVAILABLE, anything else passes through. */
export async function mapSlotConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isExclusionViolation(error)) throw slotUnavailable();
    throw error;
  }
}
