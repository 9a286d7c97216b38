import { seedDemoData } from "@dentalcare/db/seed";
import { createTestDatabase, type TestDatabase } from "@dentalcare/db/testing";
import { type ServerProcess, spawnServer } from "@dentalcare/server/src/testing.ts";

// A real server process on a fresh database filled with the demo clinic, serving the built
// apps, that a test can stop and start again on the same port (as a deploy or crash would).

export interface Clinic {
  url: string;
  db: TestDatabase;
  /** Stops the server process; the database stays. */
  stop(): Promise<void>;
  /** Starts a new server process on the same port and database. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ClinicOptions {
  adminUrl: string;
  template: string;
  env?: Record<string, string>;
}

export async function startClinic(options: ClinicOptions): Promise<Clinic> {
  const db = await createTestDatabase({ adminUrl: options.adminUrl, template: options.template });
  await seedDemoData(db.prisma, { now: new Date() });
  const env = {
    SERVE_WEB_APPS: "true",
    HOLD_SWEEP_INTERVAL_MS: "250",
    LOG_LEVEL: "error",
    // The tests sign in many times from one address; abuse limits are not what they test.
    RATE_LIMIT_LOGIN_PER_MINUTE: "1000",
    ...options.env,
  };
  let server: ServerProcess | null = await spawnServer(db.url, env);
  const url = server.url;
  const port = new URL(url).port;
  return {
    url,
    db,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      if (server) return;
      server = await spawnServer(db.url, { ...env, PORT: port });
    },
    async close() {
      await server?.stop();
      server = null;
      await db.drop();
    },
  };
}
