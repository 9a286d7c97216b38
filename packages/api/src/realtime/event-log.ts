import type pg from "pg";
import type { ChangeEvent, NewEvent } from "./event-types.ts";

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

/** Reads the change log. Ids are handed out in commit order (outbox.ts), so "after" is safe. */
export class EventLog {
  constructor(private readonly db: Queryable) {}

  async after(cursor: bigint, limit: number): Promise<ChangeEvent[]> {
    const r = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM realtime_events WHERE realtime_events.id > $1 ORDER BY realtime_events.id LIMIT $2`,
      [cursor.toString(), limit],
    );
    return r.rows.map(toEvent);
  }

  async afterOnChannels(cursor: bigint, channels: string[], limit: number): Promise<ChangeEvent[]> {
    const r = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM realtime_events
       WHERE realtime_events.id > $1 AND channels && $2::text[] ORDER BY realtime_events.id LIMIT $3`,
      [cursor.toString(), channels, limit],
    );
    return r.rows.map(toEvent);
  }

  async head(): Promise<bigint> {
    const r = await this.db.query<{ id: string | null }>(
      "SELECT max(id)::text AS id FROM realtime_events",
    );
    return BigInt(r.rows[0]?.id ?? "0");
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

  /** Records when each event reached the bus (requirement 10.1). */
  async markPublished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      `UPDATE realtime_events
       SET published_at = clock_timestamp(),
           latency_ms = extract(epoch FROM clock_timestamp() - created_at) * 1000
       WHERE id = ANY($1::bigint[]) AND published_at IS NULL`,
      [ids],
    );
  }
}

export type { NewEvent };
