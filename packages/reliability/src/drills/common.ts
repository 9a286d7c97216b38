import type { Subscriber } from "../clients.ts";
import type { DrillDatabase } from "../cluster.ts";
import { waitFor } from "../load.ts";

export interface DrillResult {
  scenario: string;
  load: string;
  faults: string;
  /** appointment.created events committed during the drill. */
  eventsCommitted: number;
  /** Deliveries owed: every subscriber should get every committed event once. */
  deliveriesExpected: number;
  received: number;
  lost: number;
  duplicated: number;
  /** Seconds from the end of the fault until the system served normally again. */
  recoverySeconds: number | null;
  passed: boolean;
  /** Scenario-specific figures (failure latencies, reconnect percentiles, …). */
  details: Record<string, number | string | boolean>;
}

export async function eventHead(db: DrillDatabase): Promise<bigint> {
  const [row] = await db.query<{ id: string | null }>(
    "SELECT max(id)::text AS id FROM realtime_events",
  );
  return BigInt(row?.id ?? "0");
}

export interface Delivery {
  committed: number;
  expected: number;
  received: number;
  lost: number;
  duplicated: number;
  phantom: number;
}

/**
 * Compares what every subscriber got with what the database committed after `from`,
 * waiting up to `waitMs` for stragglers.
 */
export async function account(
  db: DrillDatabase,
  from: bigint,
  subscribers: Subscriber[],
  waitMs: number,
): Promise<Delivery> {
  const rows = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM realtime_events
     WHERE event_type = 'appointment.created' AND id > $1 ORDER BY id`,
    [from.toString()],
  );
  const want = new Set(rows.map((r) => r.id));
  const after = (s: Subscriber) => s.received.filter((id) => BigInt(id) > from);
  const complete = (s: Subscriber) => {
    const got = new Set(after(s));
    for (const id of want) if (!got.has(id)) return false;
    return true;
  };
  await waitFor(() => subscribers.every(complete), waitMs, 200);
  const d: Delivery = {
    committed: want.size,
    expected: want.size * subscribers.length,
    received: 0,
    lost: 0,
    duplicated: 0,
    phantom: 0,
  };
  for (const s of subscribers) {
    const ids = after(s);
    const distinct = new Set(ids);
    d.duplicated += ids.length - distinct.size;
    for (const id of distinct) {
      if (want.has(id)) d.received++;
      else d.phantom++;
    }
  }
  d.lost = d.expected - d.received;
  return d;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
