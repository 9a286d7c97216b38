import type { Context } from "./context.ts";
import { AppError } from "./errors.ts";
import { defaultRateLimits, RateLimiter, type RateLimitKind } from "./rate-limit.ts";
import { middleware } from "./trpc.ts";

// The rate-limit middlewares of the procedures that are worth abusing: sign-in and sign-up
// (per address, and per address and email), holds and bookings (per user and per address).
// A refusal is 429 RATE_LIMITED with `details.retryAfterSeconds`, which the HTTP surfaces
// also send as a Retry-After header.

const limiters = new WeakMap<object, RateLimiter>();

/** One limiter per API instance (per deps object). */
export function limiterFor(deps: Context["deps"]): RateLimiter {
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = new RateLimiter();
    limiters.set(deps, limiter);
  }
  return limiter;
}

function enforce(ctx: Context, kind: RateLimitKind, key: string): void {
  // In-process callers (the tests' and the chatbot's createCaller) have no client address:
  // limits are for what arrives over the network.
  if (ctx.ip === undefined) return;
  const rule = ctx.deps.config.rateLimits?.[kind] ?? defaultRateLimits[kind];
  const verdict = limiterFor(ctx.deps).take(`${kind}:${key}`, rule);
  if (!verdict.ok) {
    ctx.deps.log.warn({ kind, requestId: ctx.requestId }, "rate limited");
    throw new AppError("RATE_LIMITED", "Too many requests; try again later", {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
}

const address = (ctx: Context) => ctx.ip ?? "";

/** Sign-in: per address and email, and per address. Put it after `.input(loginInput)`. */
export const loginLimit = middleware(({ ctx, input, next }) => {
  const email = (input as { email?: unknown } | undefined)?.email;
  enforce(ctx, "login", `${address(ctx)}|${typeof email === "string" ? email : ""}`);
  enforce(ctx, "loginPerAddress", address(ctx));
  return next();
});

export const registerLimit = middleware(({ ctx, next }) => {
  enforce(ctx, "register", address(ctx));
  return next();
});

function perUserAndAddress(kind: "holds" | "bookings") {
  return middleware(({ ctx, next }) => {
    const user = ctx.auth.status === "authenticated" ? ctx.auth.user.id : "anonymous";
    enforce(ctx, kind, user);
    enforce(ctx, kind === "holds" ? "holdsPerAddress" : "bookingsPerAddress", address(ctx));
    return next();
  });
}

export const holdLimit = perUserAndAddress("holds");
export const bookingLimit = perUserAndAddress("bookings");

/**
 * Seconds a RATE_LIMITED or SERVICE_UNAVAILABLE error asks the client to wait, for a
 * Retry-After header.
 */
export function retryAfterOf(error: unknown): number | undefined {
  const e = error instanceof AppError ? error : (error as { cause?: unknown } | null)?.cause;
  if (!(e instanceof AppError)) return undefined;
  if (e.appCode !== "RATE_LIMITED" && e.appCode !== "SERVICE_UNAVAILABLE") return undefined;
  const seconds = e.details?.retryAfterSeconds;
  return typeof seconds === "number" ? seconds : undefined;
}
