import { subscribeMany, tokenFor } from "../clients.ts";
import { startDrillDatabase } from "../cluster.ts";
import { sleep, startBookings, waitFor } from "../load.ts";
import { spawnServer } from "../server.ts";
import { account, type DrillResult, eventHead, round } from "./common.ts";

// Drill 4: two instances share the database (postgres fan-out). Subscribers are on instance
// B, bookings go through instance A, and the LISTEN connections are terminated by the
// database (pg_terminate_backend). B must reconnect its LISTEN and catch up from the log.

export async function listenDropDrill(o: {
  clients: number;
  bookingsPerSecond: number;
}): Promise<DrillResult> {
  const db = await startDrillDatabase({ patients: 100 });
  const a = await spawnServer(db.url, { fanout: "postgres" });
  const b = await spawnServer(db.url, { fanout: "postgres" });
  const subs = await subscribeMany(
    b.url,
    await Promise.all(db.clinic.admins.map((id) => tokenFor(id, "admin"))),
    o.clients,
  );
  try {
    const from = await eventHead(db);
    const load = await startBookings(db.clinic, () => a.url, o.bookingsPerSecond);
    await sleep(1_500);
    const listeners = await db.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE query ILIKE 'LISTEN %'",
    );
    const droppedAt = Date.now();
    await db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN %'",
    );
    const relistened = await waitFor(
      async () => {
        const rows = await db.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE query ILIKE 'LISTEN %'",
        );
        return (
          rows.length >= listeners.length &&
          rows.every((r) => !listeners.some((l) => l.pid === r.pid))
        );
      },
      20_000,
      50,
    );
    const backAt = Date.now();
    const healthy = await waitFor(
      async () =>
        (await fetch(`${b.url}/health`)
          .then((r) => r.status)
          .catch(() => 0)) === 200,
      20_000,
    );
    await sleep(2_000);
    await load.stop();
    const delivery = await account(db, from, subs, 20_000);
    return {
      scenario: "LISTEN connection dropped",
      load: `2 instances, ${o.clients} subscribers on B, ${o.bookingsPerSecond} bookings/s on A`,
      faults: `pg_terminate_backend on ${listeners.length} LISTEN connections`,
      eventsCommitted: delivery.committed,
      deliveriesExpected: delivery.expected,
      received: delivery.received,
      lost: delivery.lost,
      duplicated: delivery.duplicated,
      recoverySeconds: round((backAt - droppedAt) / 1000),
      passed:
        relistened &&
        healthy &&
        delivery.lost === 0 &&
        delivery.duplicated === 0 &&
        delivery.phantom === 0,
      details: {
        listenConnectionsTerminated: listeners.length,
        listenRestored: relistened,
        healthyAfter: healthy,
      },
    };
  } finally {
    for (const s of subs) s.close();
    await a.stop();
    await b.stop();
    await db.destroy();
  }
}
