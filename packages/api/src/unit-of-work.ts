import type { Prisma } from "@dentalcare/db";
import { type DbScope, queryNamingScope } from "./db-scope.ts";
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

/**
 * The same guarantee for a change made by a single statement: a database function that does
 * the whole change and writes its events with app_write_events in the statement's own
 * implicit transaction. One round trip, no interactive transaction. `build` names the acting
 * user (see queryNamingScope); `wroteEvents` tells from the statement's one row whether it
 * changed anything, and so whether the real-time layer must be told.
 */
export async function changeInOneStatement<T>(
  deps: Pick<ApiDeps, "db" | "commits">,
  build: (scope: DbScope) => Prisma.Sql,
  wroteEvents: (row: T) => boolean,
): Promise<T> {
  const [row] = await queryNamingScope<T>(deps.db, build);
  if (row === undefined) throw new Error("the change statement returned no row");
  if (wroteEvents(row)) deps.commits.committed();
  return row;
}
