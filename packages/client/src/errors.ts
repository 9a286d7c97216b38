// Turns what a failed call throws into words a person can act on. The server puts the same
// error body on every surface; over tRPC it arrives in `error.data.error`.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  timestamp?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The server's error body, when `error` came back from the API. */
export function errorBodyOf(error: unknown): ApiErrorBody | null {
  if (!isRecord(error)) return null;
  const data = error.data;
  const body = isRecord(data) ? data.error : undefined;
  if (isRecord(body) && typeof body.code === "string" && typeof body.message === "string") {
    return {
      code: body.code,
      message: body.message,
      ...(isRecord(body.details) ? { details: body.details } : {}),
      ...(typeof body.timestamp === "string" ? { timestamp: body.timestamp } : {}),
    };
  }
  return null;
}

export function errorCodeOf(error: unknown): string | null {
  return errorBodyOf(error)?.code ?? null;
}

/** True when the server refused the token: the screen should go back to sign-in. */
export function isUnauthorized(error: unknown): boolean {
  return errorCodeOf(error) === "UNAUTHORIZED";
}

/** Field name → messages, from a VALIDATION_ERROR. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  const fields = errorBodyOf(error)?.details?.fields;
  if (!isRecord(fields)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === "string");
  }
  return out;
}

/** "startsAt" → "starts at", "(input)" → "the form". */
function humanField(name: string): string {
  if (name === "(input)") return "the form";
  const last =
    name
      .split(".")
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? name;
  return last.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

export const CANCELLATION_WINDOW_MESSAGE =
  "Appointments can't be cancelled within 1 hour of the start; please call the clinic.";

/** One sentence for a person, whatever was thrown. */
export function describeError(error: unknown): string {
  const body = errorBodyOf(error);
  if (!body) {
    const message = error instanceof Error ? error.message : "";
    if (/fetch|network|socket|ECONNREFUSED|Failed to/i.test(message) || message === "") {
      return "Can't reach the clinic's server. Check your connection and try again.";
    }
    return message;
  }
  switch (body.code) {
    case "UNAUTHORIZED":
      return body.message === "Invalid token"
        ? "Your session has expired. Please sign in again."
        : body.message;
    case "FORBIDDEN":
      return `You are not allowed to do that: ${body.message}.`;
    case "NOT_FOUND":
      return `${body.message}. It may have been removed; the list has been refreshed.`;
    case "VALIDATION_ERROR": {
      const fields = fieldErrorsOf(error);
      const parts = Object.entries(fields).map(
        ([name, messages]) => `${humanField(name)} ${messages.join(", ")}`,
      );
      return parts.length > 0 ? `Please check: ${parts.join("; ")}.` : body.message;
    }
    case "CONFLICT":
      return "currentVersion" in (body.details ?? {})
        ? "Someone else changed this a moment ago. The latest version is shown; please try again."
        : `${body.message}.`;
    case "SLOT_UNAVAILABLE":
      return body.message.includes("expired")
        ? "Your hold on this time has expired. Please pick a time again."
        : "That time is no longer available: someone else has just taken it. Please choose another time.";
    case "CANCELLATION_WINDOW_EXPIRED":
      return CANCELLATION_WINDOW_MESSAGE;
    case "RATE_LIMITED":
      return "Too many attempts in a short time. Please wait a moment and try again.";
    case "SERVICE_UNAVAILABLE":
      return "The clinic's server is busy or restarting. Please try again in a moment.";
    default:
      return "Something went wrong on our side. Please try again.";
  }
}
