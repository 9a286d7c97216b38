import { createPrismaClient, withSessionSettings } from "@dentalcare/db";
import { openLocalDatabase } from "@dentalcare/db/local-database";
import { seedDemoData } from "@dentalcare/db/seed";
import { pino } from "pino";
import { startApp } from "./app.ts";
import { readEnv } from "./env.ts";

// Process entry: database (embedded unless DATABASE_URL), migrations, demo data on first
// start, then the server. SIGINT/SIGTERM shut everything down, embedded PostgreSQL included.

const env = readEnv();
const log = pino({ level: env.LOG_LEVEL, base: { service: "dentalcare-server" } });

async function main() {
  const database = await openLocalDatabase({
    log: (line: string) => log.info(line),
    databaseUrl: env.DATABASE_URL,
    port: env.EMBEDDED_PG_PORT,
    ...(env.EMBEDDED_PG_DATA_DIR ? { dataDir: env.EMBEDDED_PG_DATA_DIR } : {}),
  });
  log.info({ embedded: database.embedded }, "database ready, migrations applied");

  const seedWanted = env.SEED_DEMO_DATA ?? env.NODE_ENV !== "production";
  if (seedWanted) {
    // As the system: an owner that is not a superuser is subject to row-level security too.
    const prisma = createPrismaClient(withSessionSettings(database.url, { "app.role": "system" }), {
      maxConnections: 2,
    });
    try {
      const result = await seedDemoData(prisma, {
        now: new Date(),
        production: env.NODE_ENV === "production",
        force: env.SEED_DEMO_DATA === true,
      });
      log.info({ seed: result }, result.seeded ? "demo data seeded" : "demo data not seeded");
    } finally {
      await prisma.$disconnect();
    }
  }

  const app = await startApp({
    databaseUrl: database.url,
    log,
    port: env.PORT,
    host: env.HOST,
    fanout: env.fanout,
    pollIntervalMs: env.REALTIME_POLL_INTERVAL_MS,
    poolSize: env.DATABASE_POOL_SIZE,
    rls: env.DATABASE_RLS,
    ...(env.DATABASE_APP_URL ? { appDatabaseUrl: env.DATABASE_APP_URL } : {}),
    config: {
      rateLimits: env.rateLimits,
      jwtSecret: env.jwtSecret,
      tokenTtlSeconds: env.JWT_TTL_SECONDS,
      holdTtlSeconds: env.HOLD_TTL_SECONDS,
      maxHoldsPerPatient: env.MAX_HOLDS_PER_PATIENT,
    },
    ...(env.JWKS_URL ? { jwks: { url: env.JWKS_URL, issuer: env.JWT_EXTERNAL_ISSUER } } : {}),
    eventRetentionHours: env.EVENT_RETENTION_HOURS,
    holdSweepIntervalMs: env.HOLD_SWEEP_INTERVAL_MS,
    wsMaxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
    wsMaxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
    wsMaxConnectionsPerUser: env.WS_MAX_CONNECTIONS_PER_USER,
    corsOrigins: env.corsOrigins,
    trustProxy: env.TRUST_PROXY,
    serveWebApps: env.SERVE_WEB_APPS,
  });
  // Printed for people and for scripts that start the server and wait for it.
  console.log(
    `DentalCare Sync listening on ${app.url} (patient app /, admin app /admin/, API /api/docs)`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, 15_000);
    try {
      await app.close();
      await database.stop();
      log.info("stopped");
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "server failed to start");
  process.exit(1);
});
