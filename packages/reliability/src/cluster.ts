import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  applyMigrations,
  type EmbeddedDatabase,
  freePort,
  hashPassword,
  startEmbeddedPostgres,
} from "@dentalcare/db";
import pg from "pg";

// A PostgreSQL the drills may stop and start at will: embedded, in a temporary directory,
// migrated, with a small clinic whose dentists work around the clock (so any slot from two
// days ahead is bookable).

export interface Clinic {
  admins: string[];
  dentists: string[];
  patients: string[];
  typeId: string;
  /** Length of the one appointment type, and the grid the slot allocator uses. */
  slotMinutes: number;
}

export interface DrillDatabase {
  url: string;
  clinic: Clinic;
  /** Stops PostgreSQL (every connection drops). */
  stop(): Promise<void>;
  /** Starts it again on the same port and files. */
  start(): Promise<void>;
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  destroy(): Promise<void>;
}

async function seed(url: string, size: { admins: number; dentists: number; patients: number }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const hash = await hashPassword("reliability-password");
    const insertUsers = async (role: string, count: number) => {
      const r = await client.query<{ id: string }>(
        `INSERT INTO users (id, email, password_hash, role, full_name, updated_at)
         SELECT gen_random_uuid(), $1 || '-' || i || '@drill.test', $2, $1::"Role", initcap($1) || ' ' || i, now()
         FROM generate_series(1, $3::int) i RETURNING id`,
        [role, hash, count],
      );
      return r.rows.map((row) => row.id);
    };
    const admins = await insertUsers("admin", size.admins);
    const dentists = await insertUsers("dentist", size.dentists);
    const patients = await insertUsers("patient", size.patients);
    await client.query(
      `INSERT INTO dentists (id, specialty, time_zone, slot_minutes, updated_at)
       SELECT unnest($1::uuid[]), 'General dentistry', 'UTC', 15, now()`,
      [dentists],
    );
    await client.query(
      `INSERT INTO availability_ranges (id, dentist_id, weekday, start_minute, end_minute)
       SELECT gen_random_uuid(), d, w, 0, 1440 FROM unnest($1::uuid[]) d, generate_series(1, 7) w`,
      [dentists],
    );
    const type = await client.query<{ id: string }>(
      `INSERT INTO appointment_types (id, code, name, duration_minutes)
       VALUES (gen_random_uuid(), 'drill', 'Drill visit', 15) RETURNING id`,
    );
    return { admins, dentists, patients, typeId: type.rows[0]?.id ?? "", slotMinutes: 15 };
  } finally {
    await client.end();
  }
}

export async function startDrillDatabase(
  size: { admins?: number; dentists?: number; patients?: number } = {},
): Promise<DrillDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "dentalcare-drill-"));
  const dataDir = path.join(dir, "pg");
  const port = await freePort();
  // No Unix socket: nothing is written outside the data directory.
  const flags = ["-c", "max_connections=300", "-c", "fsync=off", "-c", "unix_socket_directories="];
  let server: EmbeddedDatabase | null = await startEmbeddedPostgres({
    dataDir,
    port,
    postgresFlags: flags,
  });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE "drill"');
  await admin.end();
  const url = server.urlFor("drill");
  await applyMigrations(url);
  const clinic = await seed(url, {
    admins: size.admins ?? 2,
    dentists: size.dentists ?? 8,
    patients: size.patients ?? 200,
  });
  return {
    url,
    clinic,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      server ??= await startEmbeddedPostgres({ dataDir, port, postgresFlags: flags });
    },
    async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<T>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
