// Which events of a read of the change log may be handed out, in id order, without ever
// skipping one. Writers commit concurrently, so a read can see id 12 while id 11 is still in a
// transaction that has not committed. The reader stops at such a missing id until it either
// appears or certainly never will:
//
// - Every writer has its transaction id before it draws an event id (app_write_events), and a
//   missing id was drawn before the visible id after it, so before the read. The transaction
//   that may still commit it therefore had its transaction id before the read.
// - The reader then draws a transaction id of its own (`horizon`): transaction ids are handed
//   out in increasing order, so that writer's is below it. Not the read's `xmax`: that is one
//   past the newest *completed* transaction, and a writer still running can be above it.
// - Once a later read's `xmin` (the oldest transaction still running) has reached the horizon,
//   every transaction below it has ended. An id still missing then was rolled back (or the
//   sequence skipped it) and is passed over.

/** The snapshot a read of the log was taken in (pg_snapshot_xmin). */
export interface LogSnapshot {
  xmin: bigint;
}

/** The ids right after the cursor that were missing, and the horizon they wait for. */
export interface PendingGap {
  /** First missing id (always cursor + 1 while the gap is current). */
  from: bigint;
  /** Last missing id, as first seen. */
  through: bigint;
  /**
   * A transaction id drawn after the read that first saw the gap; null until the reader has
   * drawn it. The gap is settled once a read's xmin reaches it.
   */
  horizon: bigint | null;
}

export interface OrderedRead<E> {
  /** Events to hand out now, in id order. */
  ready: E[];
  /** The new cursor: every id up to it is handed out or certainly never committed. */
  cursor: bigint;
  /** Set when the read stopped at a missing id that may still commit. */
  gap: PendingGap | null;
}

/**
 * `events` must be the read's rows with ids above `cursor`, ascending; `gap` is what the
 * previous call returned (a gap recorded for another cursor is ignored).
 */
export function orderedRead<E extends { id: string }>(
  cursor: bigint,
  events: readonly E[],
  snapshot: LogSnapshot,
  gap: PendingGap | null,
): OrderedRead<E> {
  const ready: E[] = [];
  let current = gap && gap.from === cursor + 1n ? gap : null;
  let i = 0;
  while (i < events.length) {
    const event = events[i] as E;
    const id = BigInt(event.id);
    if (id <= cursor) {
      i++;
      continue;
    }
    if (id === cursor + 1n) {
      ready.push(event);
      cursor = id;
      current = null;
      i++;
      continue;
    }
    // Ids cursor+1 … id-1 are missing in this read.
    current ??= { from: cursor + 1n, through: id - 1n, horizon: null };
    if (current.horizon === null || snapshot.xmin < current.horizon) {
      return { ready, cursor, gap: current };
    }
    // Settled: what was missing when the gap was recorded never committed. Ids missing now
    // beyond that (a narrower earlier gap) get a horizon of their own on the next turn.
    cursor = current.through < id - 1n ? current.through : id - 1n;
    current = null;
  }
  return { ready, cursor, gap: null };
}
