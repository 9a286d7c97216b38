import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createPrismaClient, type PrismaClient } from "./client.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { applyMigrations } from "./migrate.ts";
import { freePort } from "./ports.ts";

// Test isolation: one PostgreSQL per test run (embedded, or the server named by
// DATABASE_URL), one template database built from the migrations, and a fresh copy of that
// template for every test file. Copying a template is much faster than migrating each time.

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export interface TestCluster {
  /** A URL on the cluster's maintenance database, used to create and drop databases. */
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function startTestCluster(): Promise<TestCluster> {
  const external = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => undefined;
  if (external) {
    adminUrl = withDatabase(external, "postgres");
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "dentalcare-test-pg-"));
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, "data"),
      port: await freePort(),
      postgresFlags: ["-c", "max_connections=400", "-c", "fsync=off"],
    });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const template = `dc_template_${randomBytes(4).toString("hex")}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${template}"`));
  await applyMigrations(withDatabase(adminUrl, template));
  return {
    adminUrl,
    template,
    async stop() {
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`));
      await stopServer();
    },
  };
}

export interface TestDatabase {
  url: string;
  name: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

/** A new database, migrated and empty (no demo data), for one test file. */
export async function createTestDatabase(cluster: {
  adminUrl: string;
  template: string;
}): Promise<TestDatabase> {
  const name = `dc_test_${randomBytes(6).toString("hex")}`;
  await admin(cluster.adminUrl, (c) =>
    c.query(`CREATE DATABASE "${name}" TEMPLATE "${cluster.template}"`),
  );
  const url = withDatabase(cluster.adminUrl, name);
  const prisma = createPrismaClient(url, { maxConnections: 20 });
  return {
    url,
    name,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await admin(cluster.adminUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

export { withDatabase };

/** One dentist, one patient and one appointment type: the rows an appointment needs. */
export async function createBookingRows(
  prisma: PrismaClient,
  options: { timeZone: string; durationMinutes: number },
): Promise<{ dentistId: string; patientId: string; typeId: string }> {
  const dentist = await prisma.user.create({
    data: { email: "d@x.test", passwordHash: "x", role: "dentist", fullName: "Dr D" },
  });
  await prisma.dentist.create({
    data: { id: dentist.id, specialty: "General", timeZone: options.timeZone },
  });
  const patient = await prisma.user.create({
    data: { email: "p@x.test", passwordHash: "x", role: "patient", fullName: "P" },
  });
  const type = await prisma.appointmentType.create({
    data: { code: "checkup", name: "Checkup", durationMinutes: options.durationMinutes },
  });
  return { dentistId: dentist.id, patientId: patient.id, typeId: type.id };
}
