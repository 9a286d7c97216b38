import type { RateLimitConfig } from "./rate-limit.ts";

/** Settings the router needs; the server builds them from its env.ts. */
export interface ApiConfig {
  jwtSecret: string;
  jwtIssuer: string;
  /** Lifetime of an access token. */
  tokenTtlSeconds: number;
  /** How long a slot hold lasts (requirement 8.1: 5 minutes). */
  holdTtlSeconds: number;
  /** How many live holds one patient may have at once. */
  maxHoldsPerPatient: number;
  /** Patients cannot book closer to now than this. */
  minNoticeMinutes: number;
  /** Patients cannot cancel within this many minutes of the start. */
  cancellationWindowMinutes: number;
  /** How far ahead a slot may be booked. */
  maxAdvanceDays: number;
  /** Abuse limits per kind; unset kinds use `defaultRateLimits` (rate-limit.ts). */
  rateLimits?: Partial<RateLimitConfig>;
}

export const defaultApiConfig: ApiConfig = {
  jwtSecret: "development-only-secret-change-me-please-0123456789",
  jwtIssuer: "dentalcare-sync",
  tokenTtlSeconds: 60 * 60,
  holdTtlSeconds: 5 * 60,
  maxHoldsPerPatient: 3,
  minNoticeMinutes: 60,
  cancellationWindowMinutes: 60,
  maxAdvanceDays: 180,
};
