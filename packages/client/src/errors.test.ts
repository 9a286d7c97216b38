import { describe, expect, it } from "vitest";
import {
  CANCELLATION_WINDOW_MESSAGE,
  describeError,
  errorBodyOf,
  fieldErrorsOf,
  isUnauthorized,
} from "./errors.ts";

function apiError(code: string, message: string, details?: Record<string, unknown>) {
  return Object.assign(new Error(message), {
    data: { error: { code, message, ...(details ? { details } : {}), timestamp: "t" } },
  });
}

describe("describeError", () => {
  it("reads the server's body from error.data.error", () => {
    const e = apiError("NOT_FOUND", "Appointment not found");
    expect(errorBodyOf(e)).toEqual({
      code: "NOT_FOUND",
      message: "Appointment not found",
      timestamp: "t",
    });
    expect(errorBodyOf(new Error("x"))).toBeNull();
  });

  it("explains each code in plain words", () => {
    expect(describeError(apiError("SLOT_UNAVAILABLE", "That time is no longer available"))).toMatch(
      /someone else has just taken it/,
    );
    expect(
      describeError(apiError("SLOT_UNAVAILABLE", "Your hold on this time has expired")),
    ).toMatch(/hold on this time has expired/);
    expect(describeError(apiError("CANCELLATION_WINDOW_EXPIRED", "x"))).toBe(
      CANCELLATION_WINDOW_MESSAGE,
    );
    expect(describeError(apiError("CONFLICT", "stale", { currentVersion: 3 }))).toMatch(
      /Someone else changed/,
    );
    expect(describeError(apiError("UNAUTHORIZED", "Invalid token"))).toMatch(/session has expired/);
    expect(describeError(apiError("INTERNAL_ERROR", "boom"))).toMatch(/on our side/);
    expect(describeError(new TypeError("Failed to fetch"))).toMatch(/Can't reach/);
  });

  it("lists field problems", () => {
    const e = apiError("VALIDATION_ERROR", "Invalid input", {
      fields: { startsAt: ["must be an ISO 8601 date-time"], "weekly.0": ["bad"] },
    });
    expect(fieldErrorsOf(e)).toEqual({
      startsAt: ["must be an ISO 8601 date-time"],
      "weekly.0": ["bad"],
    });
    expect(describeError(e)).toBe(
      "Please check: starts at must be an ISO 8601 date-time; weekly bad.",
    );
  });

  it("knows an expired session", () => {
    expect(isUnauthorized(apiError("UNAUTHORIZED", "Invalid token"))).toBe(true);
    expect(isUnauthorized(apiError("FORBIDDEN", "no"))).toBe(false);
  });
});
