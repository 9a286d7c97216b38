import type { Prisma } from "@dentalcare/db";
import type { ApiDeps } from "./deps.ts";
import type { NewEvent } from "./realtime/event-types.ts";
import { writeEvents } from "./realtime/outbox.ts";

export type Tx = Prisma.TransactionClient;
export type Emit = (event: NewEvent) => void;

/**
 * Runs `work` in one database transaction and writes the change events it emits in that same
 * transaction, so an event exists if and only if its change committed. After the commit the
 * real-time layer is told, and it publishes the new events in log order.
 */
export async function withChanges<T>(
  deps: Pick<ApiDeps, "db" | "commits">,
  actorId: string | null,
  work: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<T> {
  let wrote = false;
  const result = await deps.db.$transaction(
    async (tx) => {
      const events: NewEvent[] = [];
      const value = await work(tx, (e) => events.push(e));
      await writeEvents(tx, actorId, events);
      wrote = events.length > 0;
      return value;
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
  if (wrote) deps.commits.committed();
  return result;
}
