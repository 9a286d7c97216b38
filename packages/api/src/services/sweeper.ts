import type { ApiDeps } from "../deps.ts";
import { withChanges } from "../unit-of-work.ts";
import { expireLapsedHolds } from "./reservations.ts";

// Requirement 8.3: a hold that lapses releases its slot by itself. Lapsed holds already stop
// hiding slots the moment they expire (every query compares expiresAt with now); the sweeper
// makes that visible: it records the expiry and tells the holder and every slot viewer.

/** Marks every lapsed hold expired in one transaction; returns how many. */
export async function sweepExpiredHolds(deps: ApiDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.slotReservation.findFirst({
    where: { status: "held", expiresAt: { lte: now } },
    select: { id: true },
  });
  if (!due) return 0;
  // Concurrent sweepers (several server instances) are safe: a row another one has just
  // expired no longer matches `status = held` when this UPDATE re-checks it.
  const expired = await withChanges(deps, null, (tx, emit) => expireLapsedHolds(tx, emit, now));
  return expired.length;
}

/** Sweeps every `intervalMs`; the returned function stops it and waits for a running sweep. */
export function startHoldSweeper(deps: ApiDeps, intervalMs = 5_000): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = sweepExpiredHolds(deps)
      .then((n) => {
        if (n > 0) deps.log.debug({ expired: n }, "expired slot holds");
      })
      .catch((error: unknown) => deps.log.error({ err: error }, "sweeping slot holds failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
