import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

// One error format on every surface (requirements 4.7, 9):
//   {"error": {"code", "message", "details"?, "timestamp"}}
// Procedures throw AppError; the tRPC error formatter and the REST adapter both turn any
// error into an ErrorBody with `toErrorBody`.

export const ERROR_CODES = {
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  VALIDATION_ERROR: { status: 400, trpc: "BAD_REQUEST" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  SLOT_UNAVAILABLE: { status: 409, trpc: "CONFLICT" },
  CANCELLATION_WINDOW_EXPIRED: { status: 409, trpc: "CONFLICT" },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  RATE_LIMITED: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  INTERNAL_ERROR: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
  SERVICE_UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
} as const satisfies Record<string, { status: number; trpc: TRPCError["code"] }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Record<string, unknown>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  timestamp: string;
}

export class AppError extends TRPCError {
  readonly appCode: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails, cause?: unknown) {
    super({ code: ERROR_CODES[code].trpc, message, cause });
    this.appCode = code;
    this.details = details;
  }
}

export const INVALID_TOKEN = "Invalid token";

/** Field path → messages, so a client can put each message next to its field. */
export function zodDetails(error: ZodError): ErrorDetails {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "(input)";
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  return { fields };
}

const FROM_TRPC: Partial<Record<TRPCError["code"], ErrorCode>> = {
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "VALIDATION_ERROR",
  PARSE_ERROR: "VALIDATION_ERROR",
  // A body sent as text/plain (or another type tRPC cannot read) is the client's mistake.
  UNSUPPORTED_MEDIA_TYPE: "VALIDATION_ERROR",
  UNPROCESSABLE_CONTENT: "VALIDATION_ERROR",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  METHOD_NOT_SUPPORTED: "NOT_FOUND",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** Maps any thrown value to the public error body. Internal details never leak. */
export function toErrorBody(error: unknown, now: Date = new Date()): ErrorBody {
  const timestamp = now.toISOString();
  if (error instanceof AppError) {
    return {
      code: error.appCode,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      timestamp,
    };
  }
  if (error instanceof TRPCError) {
    // Only input validation is the client's fault; a ZodError behind INTERNAL_SERVER_ERROR is
    // an output that failed its own schema, which is a server bug.
    if (error.cause instanceof ZodError && error.code === "BAD_REQUEST") {
      return {
        code: "VALIDATION_ERROR",
        message: "Invalid input",
        details: zodDetails(error.cause),
        timestamp,
      };
    }
    if (error.cause instanceof AppError) return toErrorBody(error.cause, now);
    const code = FROM_TRPC[error.code];
    if (code) return { code, message: error.message, timestamp };
  }
  return { code: "INTERNAL_ERROR", message: "An unexpected error occurred", timestamp };
}

export function httpStatusOf(body: Pick<ErrorBody, "code">): number {
  return ERROR_CODES[body.code].status;
}
