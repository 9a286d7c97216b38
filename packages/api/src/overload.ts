import { AppError } from "./errors.ts";
import { postgresCode } from "./services/db-errors.ts";

// When more requests arrive than the database can serve, they fail while waiting: for a
// pooled connection, for a transaction to start, or for one to finish before its timeout.
// None of that is a server bug, and the same request will most likely succeed a moment
// later, so the client gets 503 SERVICE_UNAVAILABLE with a Retry-After instead of 500.

export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

/** SQLSTATE too_many_connections ("sorry, too many clients already"). */
const TOO_MANY_CONNECTIONS = "53300";
/** Prisma: connection pool timeout; transaction API error (start or expiry timeouts). */
const POOL_TIMEOUT = "P2024";
const TRANSACTION_API_ERROR = "P2028";

const OVERLOAD_MESSAGES = [
  // node-postgres pool: no connection became free within connectionTimeoutMillis.
  /timeout exceeded when trying to connect/i,
  /connection terminated due to connection timeout/i,
  /too many clients/i,
];
const TRANSACTION_TIMEOUT = /in the given time|expired transaction|timeout/i;

function fields(value: unknown): { code?: unknown; message?: unknown; cause?: unknown } | null {
  return typeof value === "object" && value !== null ? value : null;
}

/** Whether `error` (or anything it wraps) means the database was too busy to serve it. */
export function isOverloadError(error: unknown): boolean {
  if (postgresCode(error) === TOO_MANY_CONNECTIONS) return true;
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    const e = fields(current);
    if (!e) return false;
    const message = typeof e.message === "string" ? e.message : "";
    if (e.code === POOL_TIMEOUT) return true;
    if (e.code === TRANSACTION_API_ERROR && TRANSACTION_TIMEOUT.test(message)) return true;
    if (OVERLOAD_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = e.cause;
  }
  return false;
}

export function serviceUnavailable(cause?: unknown): AppError {
  return new AppError(
    "SERVICE_UNAVAILABLE",
    "The server is busy; try again shortly",
    { retryAfterSeconds: OVERLOAD_RETRY_AFTER_SECONDS },
    cause,
  );
}
