import type pg from "pg";
import type { ChangeEvent, NewEvent } from "./event-types.ts";
import type { LogSnapshot } from "./log-order.ts";

interface EventRow {
  id: string;
  event_type: string;
  table_name: string;
  record_id: string;
  channels: string[];
  payload: unknown;
  actor_id: string | null;
  created_at: Date;
}

const COLUMNS =
  "id::text, event_type, table_name, record_id, channels, payload, actor_id, created_at";

function toEvent(row: EventRow): ChangeEvent {
  return {
    id: row.id,
    type: row.event_type,
    table: row.table_name,
    recordId: row.record_id,
    channels: row.channels,
    payload: row.payload,
    actorId: row.actor_id,
    createdAt: row.created_at.toISOString(),
  } as ChangeEvent;
}

export type Queryable = Pick<pg.Pool, "query">;

// The reads and publish records that run on every commit are named prepared statements: the
// database then parses and plans each once per connection instead of on every call (both were
// most of PostgreSQL's planning time under booking load).

type SnapshotRow = { xmin: string; read_at: number } & (EventRow | { [K in keyof EventRow]: null });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads the change log. Ids may commit out of order (see log-order.ts): only the event hub
 * reads past its own cursor, together with the snapshot that lets it tell a late id from a
 * lost one; everybody else reads up to the hub's cursor.
 */
export class EventLog {
  constructor(private readonly db: Queryable) {}

  /**
   * Events after `cursor` as committed now, in id order, the snapshot they were read in, and
   * the database's clock at the read in epoch milliseconds, with the microseconds (publish
   * times are recorded on that clock).
   */
  async read(
    cursor: bigint,
    limit: number,
  ): Promise<{ events: ChangeEvent[]; snapshot: LogSnapshot; readAt: number }> {
    // One statement, so the rows and the snapshot bounds come from the same snapshot.
    const r = await this.db.query<SnapshotRow>({
      name: "dentalcare-log-read",
      text: `SELECT pg_snapshot_xmin(s)::text AS xmin, (extract(epoch FROM now.t) * 1000)::float8 AS read_at, e.*
       FROM pg_current_snapshot() AS s, clock_timestamp() AS now(t)
       LEFT JOIN LATERAL (
         SELECT ${COLUMNS} FROM realtime_events
         WHERE realtime_events.id > $1 ORDER BY realtime_events.id LIMIT $2
       ) e ON true`,
      values: [cursor.toString(), limit],
    });
    const first = r.rows[0];
    if (!first) throw new Error("reading the change log returned no snapshot");
    const events: ChangeEvent[] = [];
    for (const row of r.rows) if (row.id !== null) events.push(toEvent(row as EventRow));
    return {
      events,
      snapshot: { xmin: BigInt(first.xmin) },
      readAt: first.read_at,
    };
  }

  /** Events after `cursor` up to `through` (the hub's cursor) on any of `channels`. */
  async afterOnChannels(
    cursor: bigint,
    through: bigint,
    channels: string[],
    limit: number,
  ): Promise<ChangeEvent[]> {
    const r = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM realtime_events
       WHERE realtime_events.id > $1 AND realtime_events.id <= $2 AND channels && $3::text[]
       ORDER BY realtime_events.id LIMIT $4`,
      [cursor.toString(), through.toString(), channels, limit],
    );
    return r.rows.map(toEvent);
  }

  /** The highest id written so far (committed; lower ids may still be in flight). */
  async head(): Promise<bigint> {
    const r = await this.db.query<{ id: string | null }>(
      "SELECT max(id)::text AS id FROM realtime_events",
    );
    return BigInt(r.rows[0]?.id ?? "0");
  }

  /**
   * A transaction id drawn now, above every one handed out before (log-order.ts). It costs the
   * reader's connection a tiny transaction of its own, so it is drawn only when a gap is seen.
   */
  async nextTransactionId(): Promise<bigint> {
    const r = await this.db.query<{ xid: string }>("SELECT pg_current_xact_id()::text AS xid");
    return BigInt(r.rows[0]?.xid ?? "0");
  }

  /**
   * The highest id once every id below it is settled: read the head, draw a transaction id,
   * then wait until every transaction below it has ended. Where to start handing out events,
   * so one committed just after the start is not taken as already seen. Gives up waiting
   * after `maxWaitMs` (a transaction left open elsewhere) and returns the head as read.
   */
  async settledHead(
    maxWaitMs = 5_000,
  ): Promise<{ head: bigint; waitedMs: number; settled: boolean }> {
    const head = await this.head();
    const horizon = await this.nextTransactionId();
    const started = performance.now();
    for (;;) {
      const check = await this.db.query<{ done: boolean }>(
        "SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS done",
        [horizon.toString()],
      );
      const waitedMs = performance.now() - started;
      if (check.rows[0]?.done) return { head, waitedMs, settled: true };
      if (waitedMs >= maxWaitMs) return { head, waitedMs, settled: false };
      await sleep(10);
    }
  }

  /** Ids at or below this were pruned: a client behind it must refetch instead of replaying. */
  async horizon(): Promise<bigint> {
    const r = await this.db.query<{ value: { prunedThrough?: string } }>(
      "SELECT value FROM system_state WHERE key = 'realtime_events.horizon'",
    );
    return BigInt(r.rows[0]?.value.prunedThrough ?? "0");
  }

  /** Deletes events older than `before` and moves the replay horizon past them. */
  async prune(before: Date): Promise<number> {
    const r = await this.db.query<{ pruned: string | null; n: string }>(
      `WITH gone AS (DELETE FROM realtime_events WHERE created_at < $1 RETURNING id),
            stats AS (SELECT max(id)::text AS pruned, count(*)::text AS n FROM gone),
            saved AS (
              INSERT INTO system_state (key, value, updated_at)
              SELECT 'realtime_events.horizon', jsonb_build_object('prunedThrough', pruned), now()
              FROM stats WHERE pruned IS NOT NULL
              ON CONFLICT (key) DO UPDATE SET value = CASE
                WHEN (system_state.value->>'prunedThrough')::bigint >= (excluded.value->>'prunedThrough')::bigint
                THEN system_state.value ELSE excluded.value END, updated_at = now()
              RETURNING 1)
       SELECT pruned, n FROM stats`,
      [before],
    );
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * Records when each event reached the bus (requirement 10.1): `at[i]` (epoch milliseconds on
   * the database's clock, see `read`) for `ids[i]`.
   */
  async markPublished(ids: string[], at: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query({
      name: "dentalcare-log-mark-published",
      text: `UPDATE realtime_events e
       SET published_at = to_timestamp(p.at / 1000),
           latency_ms = p.at - extract(epoch FROM e.created_at) * 1000
       FROM unnest($1::bigint[], $2::float8[]) AS p(id, at)
       WHERE e.id = p.id AND e.published_at IS NULL`,
      values: [ids, at],
    });
  }
}

export type { NewEvent };
