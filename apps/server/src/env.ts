import type { RateLimitConfig } from "@dentalcare/api";
import { z } from "zod";

// The server's whole configuration, read and validated here and nowhere else.

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** An external PostgreSQL; when unset an embedded one is started. */
  DATABASE_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  /** Where the embedded PostgreSQL keeps its files (default: .data/postgres in the repository). */
  EMBEDDED_PG_DATA_DIR: z.string().optional(),
  // Small on purpose: PostgreSQL runs best with about as many busy backends as it has cores
  // (a few times that at most); more requests wait in the pool instead (README).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Row-level security: the API connects as the role `dentalcare_app` (default: on). */
  DATABASE_RLS: bool.default(true),
  /** The app role's own connection string; by default derived from the owner's (see README). */
  DATABASE_APP_URL: z.string().url().optional(),
  /** Seed demo data into an empty database (default: yes, except in production). */
  SEED_DEMO_DATA: bool.optional(),
  JWT_SECRET: z.string().optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).default(3600),
  /** Also accept tokens from an external issuer (e.g. Supabase Auth). */
  JWKS_URL: z.string().url().optional(),
  JWT_EXTERNAL_ISSUER: z.string().optional(),
  HOLD_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(1000),
  MAX_HOLDS_PER_PATIENT: z.coerce.number().int().min(1).max(20).default(3),
  /** `local`: one server process. `postgres`: several instances share events via LISTEN/NOTIFY. */
  REALTIME_FANOUT: z.enum(["auto", "local", "postgres"]).default("auto"),
  REALTIME_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  EVENT_RETENTION_HOURS: z.coerce.number().min(1).default(72),
  /** A client whose unsent data grows past this is disconnected (it replays on reconnect). */
  WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(16_384).default(1_048_576),
  WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(65_536),
  /** Open WebSockets one user may have at once. */
  WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** Abuse limits, per minute: sign-ins per address and email, sign-ups per address, holds and bookings per user, and holds or bookings per address. */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  RATE_LIMIT_REGISTER_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  RATE_LIMIT_HOLDS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_BOOKINGS_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /** Behind a proxy that sets X-Forwarded-For: take the client address from it. */
  TRUST_PROXY: bool.default(false),
  /** Comma-separated origins allowed by CORS; empty means same-origin only. */
  CORS_ORIGINS: z.string().default(""),
  /** Serve the built web apps (patient at /, admin at /admin/). */
  SERVE_WEB_APPS: bool.default(true),
});

export type Env = z.infer<typeof schema> & {
  jwtSecret: string;
  rateLimits: RateLimitConfig;
  fanout: "local" | "postgres";
  corsOrigins: string[];
};

const DEV_SECRET = "development-only-secret-change-me-please-0123456789";

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const secret = env.JWT_SECRET ?? (env.NODE_ENV === "production" ? undefined : DEV_SECRET);
  if (!secret || secret.length < 32 || (env.NODE_ENV === "production" && secret === DEV_SECRET)) {
    throw new Error("JWT_SECRET must be set to at least 32 random characters in production");
  }
  const perMinute = (limit: number) => ({ limit, windowSeconds: 60 });
  return {
    ...env,
    jwtSecret: secret,
    // 0 turns a limit off.
    rateLimits: {
      login: perMinute(env.RATE_LIMIT_LOGIN_PER_MINUTE),
      loginPerAddress: perMinute(env.RATE_LIMIT_LOGIN_PER_MINUTE * 6),
      register: perMinute(env.RATE_LIMIT_REGISTER_PER_MINUTE),
      holds: perMinute(env.RATE_LIMIT_HOLDS_PER_MINUTE),
      holdsPerAddress: perMinute(env.RATE_LIMIT_ADDRESS_PER_MINUTE),
      bookings: perMinute(env.RATE_LIMIT_BOOKINGS_PER_MINUTE),
      bookingsPerAddress: perMinute(env.RATE_LIMIT_ADDRESS_PER_MINUTE),
    },
    // An external database may be shared by several instances; the embedded one never is.
    fanout:
      env.REALTIME_FANOUT === "auto"
        ? env.DATABASE_URL
          ? "postgres"
          : "local"
        : env.REALTIME_FANOUT,
    corsOrigins: env.CORS_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
