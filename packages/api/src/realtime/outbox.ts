import type { Prisma } from "@dentalcare/db";
import type { NewEvent } from "./event-types.ts";

/** The part of a Prisma transaction client the outbox needs. */
export interface OutboxTx {
  $executeRaw(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): Prisma.PrismaPromise<number>;
}

// Why a lock: a sequence hands out ids at insert, not at commit, so two transactions could
// commit ids 8 and 7 in that order and a reader that had moved past 8 would never see 7.
// Taking this transaction-scoped lock just before the events are inserted (the last thing a
// transaction does) makes id order equal commit order: the lock is held until commit, and
// the next writer only draws its id after that. A reader that reads "id > cursor" in id
// order therefore never skips an event, in one process or across many.
export const EVENT_LOG_LOCK = 7_300_001;
export const EVENTS_NOTIFY_CHANNEL = "dentalcare_events";

export async function writeEvents(
  tx: OutboxTx,
  actorId: string | null,
  events: NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // One statement: app_write_events (a database function) takes the lock before it draws
  // any id, then queues the NOTIFY and inserts the events in this order. The NOTIFY is
  // delivered at commit and only then; other server instances use it as a payload-free
  // wake-up to read the log (see hub.ts).
  const rows = events.map((e) => ({
    type: e.type,
    table: e.table,
    recordId: e.recordId,
    channels: e.channels,
    payload: e.payload,
  }));
  await tx.$executeRaw`SELECT app_write_events(${EVENT_LOG_LOCK}::bigint, ${EVENTS_NOTIFY_CHANNEL}, ${actorId}::uuid, ${JSON.stringify(rows)}::jsonb)`;
}
