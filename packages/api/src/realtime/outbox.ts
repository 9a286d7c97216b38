import type { Prisma } from "@dentalcare/db";
import type { NewEvent } from "./event-types.ts";

/** The part of a Prisma transaction client the outbox needs. */
export interface OutboxTx {
  $executeRaw(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): Prisma.PrismaPromise<number>;
}

/** Other instances LISTEN here; the hub NOTIFYs after its own commits (hub.ts). */
export const EVENTS_NOTIFY_CHANNEL = "dentalcare_events";

export async function writeEvents(
  tx: OutboxTx,
  actorId: string | null,
  events: NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  // One statement: app_write_events (a database function) makes sure the transaction has its
  // id before any event id is drawn, which the hub's reading relies on (log-order.ts), and
  // inserts the events in this order.
  const rows = events.map((e) => ({
    type: e.type,
    table: e.table,
    recordId: e.recordId,
    channels: e.channels,
    payload: e.payload,
  }));
  await tx.$executeRaw`SELECT app_write_events(${actorId}::uuid, ${JSON.stringify(rows)}::jsonb)`;
}
