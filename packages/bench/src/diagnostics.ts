import { writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describePhase, scrapeMetrics } from "./server-metrics.ts";

// `--diagnose`: where the time of a booking phase goes. On PostgreSQL's side, statement
// statistics say which statements cost the most (nested ones inside the booking function too),
// and sampling pg_stat_activity says what the server's connections were doing: running,
// waiting on a lock, or idle waiting for the client. The server's /metrics adds its own request
// durations and event-loop delay (server-metrics.ts). All of it is for a person to read, not
// figures judged against a target.

/** Flags that make the statistics available; the library ships with the embedded server. */
export const DIAGNOSE_PG_FLAGS = [
  "-c",
  "shared_preload_libraries=pg_stat_statements",
  "-c",
  "pg_stat_statements.track=all",
  "-c",
  "track_io_timing=on",
];

const SAMPLE_EVERY_MS = 10;

interface Housekeeping {
  checkpoints: number;
  autovacuums: number;
  autoanalyzes: number;
  walBytes: number;
}

export class PhaseDiagnostics {
  readonly #client: pg.Client;
  readonly #dir: string;
  #timer: NodeJS.Timeout | null = null;
  #sampling = false;
  #samples = 0;
  readonly #states = new Map<string, number>();
  #serverBefore: Awaited<ReturnType<typeof scrapeMetrics>> | null = null;
  #housekeepingBefore: Housekeeping | null = null;

  private constructor(client: pg.Client, dir: string) {
    this.#client = client;
    this.#dir = dir;
  }

  static async start(url: string, dir: string): Promise<PhaseDiagnostics> {
    const client = new pg.Client({ connectionString: url, application_name: "bench-diagnostics" });
    await client.connect();
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    return new PhaseDiagnostics(client, dir);
  }

  async begin(serverUrl: string): Promise<void> {
    this.#serverBefore = await scrapeMetrics(serverUrl);
    this.#housekeepingBefore = await this.#housekeeping();
    await this.#client.query("SELECT pg_stat_statements_reset()");
    this.#states.clear();
    this.#samples = 0;
    this.#timer = setInterval(() => void this.#sample(), SAMPLE_EVERY_MS);
  }

  async #sample(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      const r = await this.#client.query<{ what: string; n: string }>(
        `SELECT coalesce(application_name, '') || ' ' || state || ' ' ||
                coalesce(wait_event_type || ':' || wait_event, 'cpu') AS what, count(*) AS n
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
          GROUP BY 1`,
      );
      this.#samples++;
      for (const row of r.rows)
        this.#states.set(row.what, (this.#states.get(row.what) ?? 0) + Number(row.n));
    } catch {
      // A missed sample only makes the averages a little less precise.
    } finally {
      this.#sampling = false;
    }
  }

  /** Stops sampling and writes a readable report of the phase to `<dir>/<label>.txt`. */
  async end(label: string, serverUrl: string): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const serverAfter = await scrapeMetrics(serverUrl);
    const housekeeping = await this.#housekeeping();
    const top = await this.#client.query<{
      calls: string;
      total_ms: number;
      mean_ms: number;
      max_ms: number;
      rows: string;
      query: string;
      toplevel: boolean;
    }>(
      `SELECT calls, round(total_exec_time::numeric, 1)::float8 AS total_ms,
              round(mean_exec_time::numeric, 3)::float8 AS mean_ms,
              round(max_exec_time::numeric, 1)::float8 AS max_ms, rows, toplevel,
              regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 25`,
    );
    const lines = [`# ${label}`, ""];
    if (this.#serverBefore) lines.push(...describePhase(this.#serverBefore, serverAfter), "");
    const was = this.#housekeepingBefore;
    if (was) {
      lines.push(
        `PostgreSQL housekeeping in the phase: ${housekeeping.checkpoints - was.checkpoints} checkpoint(s), ` +
          `${housekeeping.autovacuums - was.autovacuums} autovacuum(s), ` +
          `${housekeeping.autoanalyzes - was.autoanalyzes} autoanalyze(s), ` +
          `${((housekeeping.walBytes - was.walBytes) / 2 ** 20).toFixed(1)} MB of WAL`,
        "",
      );
    }
    lines.push(`activity samples every ${SAMPLE_EVERY_MS} ms: ${this.#samples}`);
    lines.push("average connections per state (application, state, wait):");
    const states = [...this.#states.entries()].sort((a, b) => b[1] - a[1]);
    for (const [what, n] of states)
      lines.push(`  ${(n / Math.max(1, this.#samples)).toFixed(2).padStart(7)}  ${what}`);
    lines.push("", "statements by total time (nested statements marked with >):");
    for (const row of top.rows) {
      lines.push(
        `  ${String(row.total_ms).padStart(10)} ms ${row.calls.padStart(8)} calls ${String(
          row.mean_ms,
        ).padStart(8)} ms/call, max ${String(row.max_ms).padStart(7)} ms ${
          row.toplevel ? " " : ">"
        } ${row.query.slice(0, 140)}`,
      );
    }
    await writeFile(path.join(this.#dir, `${label}.txt`), `${lines.join("\n")}\n`);
  }

  /**
   * Work PostgreSQL does on its own schedule: a checkpoint (and the full-page images in the WAL
   * after it) or an autovacuum during a phase makes that phase slower than its neighbours.
   */
  async #housekeeping(): Promise<Housekeeping> {
    const r = await this.#client.query<{ c: string; v: string; a: string; w: string }>(
      `SELECT (SELECT num_timed + num_requested FROM pg_stat_checkpointer)::text AS c,
              (SELECT coalesce(sum(autovacuum_count), 0) FROM pg_stat_user_tables)::text AS v,
              (SELECT coalesce(sum(autoanalyze_count), 0) FROM pg_stat_user_tables)::text AS a,
              (SELECT wal_bytes FROM pg_stat_wal)::text AS w`,
    );
    const row = r.rows[0];
    return {
      checkpoints: Number(row?.c ?? 0),
      autovacuums: Number(row?.v ?? 0),
      autoanalyzes: Number(row?.a ?? 0),
      walBytes: Number(row?.w ?? 0),
    };
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#client.end().catch(() => undefined);
  }
}
