// Abuse limits: an in-memory token bucket per key. A rule of `limit` per `windowSeconds`
// lets a burst of `limit` through and then refills evenly, so a steady client at the allowed
// rate never waits. Buckets live in this process: with several server instances each
// enforces its own limits (a client spread over N instances gets up to N times the rate).
//
// Rates are measured in real elapsed time (a monotonic clock), not `deps.clock`: the fixed
// clocks tests use for business time would otherwise never refill a bucket.

export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export type RateLimitKind =
  | "login"
  | "loginPerAddress"
  | "register"
  | "holds"
  | "holdsPerAddress"
  | "bookings"
  | "bookingsPerAddress";

export type RateLimitConfig = Record<RateLimitKind, RateRule>;

export const defaultRateLimits: RateLimitConfig = {
  /** Per address and email: guessing one account's password. */
  login: { limit: 10, windowSeconds: 60 },
  /** Per address: guessing across accounts. */
  loginPerAddress: { limit: 60, windowSeconds: 60 },
  register: { limit: 20, windowSeconds: 60 },
  holds: { limit: 60, windowSeconds: 60 },
  holdsPerAddress: { limit: 1_200, windowSeconds: 60 },
  bookings: { limit: 30, windowSeconds: 60 },
  bookingsPerAddress: { limit: 1_200, windowSeconds: 60 },
};

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
  rule: RateRule;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  readonly #maxKeys: number;

  constructor(options: { now?: () => number; maxKeys?: number } = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Takes one token from `key`'s bucket, or says how many seconds until one is free. */
  take(key: string, rule: RateRule): Verdict {
    if (rule.limit <= 0) return { ok: true };
    const now = this.#now();
    const perMs = rule.limit / (rule.windowSeconds * 1000);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxKeys) this.#evict(now);
      bucket = { tokens: rule.limit, at: now, rule };
      this.#buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(rule.limit, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** Drops buckets that have refilled (they hold no information); else the oldest half. */
  #evict(now: number): void {
    for (const [key, b] of this.#buckets) {
      const full = b.tokens + (now - b.at) * (b.rule.limit / (b.rule.windowSeconds * 1000));
      if (full >= b.rule.limit) this.#buckets.delete(key);
    }
    if (this.#buckets.size < this.#maxKeys) return;
    let drop = Math.ceil(this.#buckets.size / 2);
    for (const key of this.#buckets.keys()) {
      if (drop-- <= 0) break;
      this.#buckets.delete(key);
    }
  }
}
