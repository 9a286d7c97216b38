import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded.ts";
import { applyMigrations, type MigrationResult } from "./migrate.ts";

// The one local database that `pnpm start`, `pnpm db:seed` and `pnpm db:reset` share when
// DATABASE_URL is not set: an embedded PostgreSQL whose files live in the repository.

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
export const LOCAL_DATA_DIR = path.join(REPO_ROOT, ".data", "postgres");
export const DEFAULT_EMBEDDED_PG_PORT = 54329;
export const LOCAL_DATABASE_NAME = "dentalcare";
// The superuser embedded.ts creates; needed to join a cluster another process started.
const EMBEDDED_CREDENTIALS = "postgres:postgres";

/** A data directory as people know it: `.data/postgres` when it is in the repository. */
export function displayPath(dir: string): string {
  const relative = path.relative(REPO_ROOT, dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
}

/** The embedded cluster's port: `EMBEDDED_PG_PORT` when set, else 54329. */
export function embeddedPort(value: string | undefined = process.env.EMBEDDED_PG_PORT): number {
  if (value === undefined || value.trim() === "") return DEFAULT_EMBEDDED_PG_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`EMBEDDED_PG_PORT must be a TCP port number, got "${value}"`);
  }
  return port;
}

export interface RunningCluster {
  pid: number;
  port: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the `postgres` user when run as root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The PostgreSQL currently serving `dataDir`, read from its `postmaster.pid`, if any. */
export function runningCluster(dataDir = LOCAL_DATA_DIR): RunningCluster | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  // Line 1 is the postmaster's pid, line 4 its port; a crash can leave a stale file behind.
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  return alive(pid) ? { pid, port } : undefined;
}

export interface LocalDatabase {
  url: string;
  /** True when this is the embedded cluster in the repository, not DATABASE_URL. */
  embedded: boolean;
  /** Where the data is, fit for a log line (no password). */
  label: string;
  migrations: MigrationResult;
  /** Stops the embedded cluster if this call started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export interface OpenLocalDatabaseOptions {
  log?: (line: string) => void;
  /** Lines printed by PostgreSQL itself (initdb, startup); dropped by default. */
  postgresLog?: (line: string) => void;
  /** Use this server instead of the embedded one; defaults to `process.env.DATABASE_URL`. */
  databaseUrl?: string | undefined;
  /** Defaults to `embeddedPort()`. */
  port?: number;
  dataDir?: string;
}

function redact(url: string): string {
  const u = new URL(url);
  u.password = "";
  u.username = "";
  return u.toString();
}

async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Another process created it a moment ago.
    if ((error as { code?: string }).code === "42P04") return false;
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Opens the database the local tools work on and brings it to the latest migration: the server
 * named by DATABASE_URL, or else the embedded PostgreSQL in `.data/postgres` (started here,
 * or joined when another local process already runs it), with database `dentalcare` created
 * on first use.
 */
export async function openLocalDatabase(
  options: OpenLocalDatabaseOptions = {},
): Promise<LocalDatabase> {
  const log = options.log ?? (() => undefined);
  const external = "databaseUrl" in options ? options.databaseUrl : process.env.DATABASE_URL;
  if (external) {
    const migrations = await applyMigrations(external);
    logMigrations(log, migrations);
    return {
      url: external,
      embedded: false,
      label: redact(external),
      migrations,
      stop: async () => undefined,
    };
  }

  const dataDir = options.dataDir ?? LOCAL_DATA_DIR;
  const shown = displayPath(dataDir);
  const running = runningCluster(dataDir);
  let adminUrl: string;
  let port: number;
  let stop: () => Promise<void> = async () => undefined;
  if (running) {
    port = running.port;
    adminUrl = `postgresql://${EMBEDDED_CREDENTIALS}@127.0.0.1:${port}/postgres`;
    log(`using the embedded PostgreSQL already running from ${shown} (port ${port})`);
  } else {
    port = options.port ?? embeddedPort();
    const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
    log(`${fresh ? "creating" : "starting"} the embedded PostgreSQL in ${shown} (port ${port})`);
    const server = await startEmbeddedPostgres({
      dataDir,
      port,
      ...(options.postgresLog ? { log: options.postgresLog } : {}),
    });
    adminUrl = server.adminUrl;
    stop = () => server.stop();
  }
  try {
    if (await ensureDatabase(adminUrl, LOCAL_DATABASE_NAME)) {
      log(`created database ${LOCAL_DATABASE_NAME}`);
    }
    const url = new URL(adminUrl);
    url.pathname = `/${LOCAL_DATABASE_NAME}`;
    const migrations = await applyMigrations(url.toString());
    logMigrations(log, migrations);
    return {
      url: url.toString(),
      embedded: true,
      label: `embedded PostgreSQL in ${shown} (port ${port}, database ${LOCAL_DATABASE_NAME})`,
      migrations,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function logMigrations(log: (line: string) => void, result: MigrationResult): void {
  if (result.applied.length > 0) log(`applied migrations: ${result.applied.join(", ")}`);
}
