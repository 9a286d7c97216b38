import { freePort } from "@dentalcare/db";
import { percentile, subscribeMany, tokenFor } from "../clients.ts";
import { startDrillDatabase } from "../cluster.ts";
import { sleep, startBookings, waitFor } from "../load.ts";
import { spawnServer } from "../server.ts";
import { account, type DrillResult, eventHead, round } from "./common.ts";

// Drill 2: the server restarts (SIGTERM, then a new process on the same port) under
// `clients` connected subscribers while bookings continue. Every client must reconnect on its
// own (jittered backoff), resubscribe and catch up on what it missed; none may be stuck.

export async function restartDrill(o: {
  clients: number;
  bookingsPerSecond: number;
}): Promise<DrillResult> {
  const db = await startDrillDatabase({ patients: 100 });
  const port = await freePort();
  let server = await spawnServer(db.url, { port, fanout: "local" });
  const url = server.url;
  const connectStarted = Date.now();
  const subs = await subscribeMany(
    url,
    await Promise.all(db.clinic.admins.map((id) => tokenFor(id, "admin"))),
    o.clients,
  );
  const connectSeconds = (Date.now() - connectStarted) / 1000;
  try {
    const from = await eventHead(db);
    const load = await startBookings(db.clinic, () => url, o.bookingsPerSecond);
    await sleep(1_500);
    const stopAt = Date.now();
    const code = await server.stop("SIGTERM");
    const stoppedAt = Date.now();
    server = await spawnServer(db.url, { port, fanout: "local" });
    const upAt = Date.now();
    const reconnected = (s: (typeof subs)[number]) => s.liveAt.some((t) => t > stopAt);
    await waitFor(() => subs.every(reconnected), 90_000, 200);
    await sleep(1_500);
    await load.stop();
    const delivery = await account(db, from, subs, 30_000);
    const times = subs
      .map((s) => s.liveAt.find((t) => t > stopAt))
      .filter((t): t is number => t !== undefined)
      .map((t) => (t - upAt) / 1000)
      .sort((a, b) => a - b);
    const stuck = subs.length - times.length;
    const passed =
      code === 0 &&
      stuck === 0 &&
      delivery.lost === 0 &&
      delivery.duplicated === 0 &&
      delivery.phantom === 0;
    return {
      scenario: "server restart",
      load: `${o.clients} subscribers, ${o.bookingsPerSecond} bookings/s`,
      faults: "SIGTERM, new process on the same port",
      eventsCommitted: delivery.committed,
      deliveriesExpected: delivery.expected,
      received: delivery.received,
      lost: delivery.lost,
      duplicated: delivery.duplicated,
      recoverySeconds: round(percentile(times, 100)),
      passed,
      details: {
        initialConnectSeconds: round(connectSeconds),
        shutdownSeconds: round((stoppedAt - stopAt) / 1000),
        exitCode: code ?? -1,
        newProcessStartSeconds: round((upAt - stoppedAt) / 1000),
        reconnectP50Seconds: round(percentile(times, 50)),
        reconnectP95Seconds: round(percentile(times, 95)),
        reconnectP99Seconds: round(percentile(times, 99)),
        reconnectMaxSeconds: round(percentile(times, 100)),
        stuckClients: stuck,
        bookingsRefusedWhileDown: load.results.filter((r) => r.status !== 201).length,
      },
    };
  } finally {
    for (const s of subs) s.close();
    await server.stop();
    await db.destroy();
  }
}
