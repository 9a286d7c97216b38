import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  applyMigrations,
  createPrismaClient,
  freePort,
  hashPassword,
  type PrismaClient,
  startEmbeddedPostgres,
} from "@dentalcare/db";
import pg from "pg";
import { MaintenanceLog } from "./maintenance.ts";

// A fresh embedded PostgreSQL in a temporary folder, migrated and filled with bench data
// written directly through Prisma (no change events: the log starts empty).

export interface BenchDatabase {
  url: string;
  /** The cluster's data directory (its postmaster.pid names the server process). */
  dataDir: string;
  settings: Record<string, string>;
  /** PostgreSQL's autovacuums, autoanalyzes and checkpoints, from its log. */
  maintenance: MaintenanceLog;
  stop(): Promise<void>;
}

export async function startDatabase(
  log: (line: string) => void,
  extraFlags: string[] = [],
): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "dentalcare-bench-pg-"));
  const port = await freePort();
  log(`starting PostgreSQL on 127.0.0.1:${port}`);
  const maintenance = new MaintenanceLog();
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({
      dataDir: path.join(dir, "data"),
      port,
      // Room for the server's pool, the event hub and the harness; durability settings are
      // PostgreSQL's defaults, so commit latency includes the WAL flush as in production.
      // No Unix socket: nothing is written outside the data directory (a shared /tmp whose
      // permissions another process changed must not stop the run).
      postgresFlags: [
        "-c",
        "max_connections=300",
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        // Logged so that each phase can report the background work that ran during it.
        "-c",
        "log_autovacuum_min_duration=0",
        "-c",
        "log_checkpoints=on",
        ...extraFlags,
      ],
      log: (chunk) => maintenance.add(chunk),
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const stop = async () => {
    await server.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  const url = server.urlFor("bench");
  let settings: Record<string, string> = {};
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE "bench"');
      const r = await admin.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN
          ('server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_sync_method')`,
      );
      settings = Object.fromEntries(r.rows.map((row) => [row.name, row.setting]));
    } finally {
      await admin.end();
    }
    await applyMigrations(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dataDir: path.join(dir, "data"),
    settings,
    maintenance,
    stop,
  };
}

export interface BenchData {
  admins: string[];
  dentists: string[];
  patients: string[];
  typeId: string;
  slotMinutes: number;
}

const CHUNK = 2_000;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/**
 * Dentists in UTC working all day every day on a 15-minute grid (so there are tens of
 * thousands of distinct slots), patients, admins and one 15-minute appointment type.
 */
export async function seedBenchData(
  url: string,
  size: { dentists: number; patients: number; admins: number },
): Promise<BenchData> {
  const prisma: PrismaClient = createPrismaClient(url, { maxConnections: 4 });
  try {
    // One real hash shared by every account, so auth.login works for any of them.
    const passwordHash = await hashPassword("bench-password-0123456789");
    const make = (role: "admin" | "dentist" | "patient", count: number) =>
      Array.from({ length: count }, (_, i) => ({
        id: randomUUID(),
        email: `bench-${role}-${i}@bench.test`,
        passwordHash,
        role,
        fullName: `Bench ${role} ${i}`,
      }));
    const admins = make("admin", size.admins);
    const dentists = make("dentist", size.dentists);
    const patients = make("patient", size.patients);
    await inChunks([...admins, ...dentists, ...patients], (data) =>
      prisma.user.createMany({ data }),
    );
    await prisma.dentist.createMany({
      data: dentists.map((d) => ({
        id: d.id,
        specialty: "General",
        timeZone: "UTC",
        slotMinutes: 15,
      })),
    });
    const ranges = dentists.flatMap((d) =>
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        dentistId: d.id,
        weekday,
        startMinute: 0,
        endMinute: 1440,
      })),
    );
    await inChunks(ranges, (data) => prisma.availabilityRange.createMany({ data }));
    const type = await prisma.appointmentType.create({
      data: { code: "BENCH15", name: "Bench check-up", durationMinutes: 15 },
      select: { id: true },
    });
    return {
      admins: admins.map((u) => u.id),
      dentists: dentists.map((u) => u.id),
      patients: patients.map((u) => u.id),
      typeId: type.id,
      slotMinutes: 15,
    };
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Leaves the cluster's WAL as a running database's is. A fresh cluster creates each new 16 MB
 * WAL segment by writing it full of zeros and syncing it, while every commit waits; a running
 * one reuses segments its checkpoints freed. Switching segments a few times and then taking a
 * checkpoint leaves that many segments ready for reuse (min_wal_size keeps 80 MB of them).
 */
export async function recycleWalSegments(url: string, segments = 5): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < segments; i++) {
      // pg_switch_wal() does nothing unless something was written since the last switch.
      await client.query("SELECT pg_current_xact_id()");
      await client.query("SELECT pg_switch_wal()");
    }
    await client.query("CHECKPOINT");
  } finally {
    await client.end();
  }
}

/** Appointments that overlap another active one of the same dentist (must be zero). */
export async function countOverlaps(url: string): Promise<{ overlaps: number; active: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ overlaps: string; active: string }>(
      `SELECT count(*) FILTER (WHERE prev_end > starts_at)::text AS overlaps, count(*)::text AS active
       FROM (
         SELECT starts_at,
                max(ends_at) OVER (PARTITION BY dentist_id ORDER BY starts_at, id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
         FROM appointments WHERE status IN ('pending', 'confirmed')
       ) s`,
    );
    return { overlaps: Number(r.rows[0]?.overlaps ?? 0), active: Number(r.rows[0]?.active ?? 0) };
  } finally {
    await client.end();
  }
}
