import { subscribeMany, tokenFor } from "../clients.ts";
import { startDrillDatabase } from "../cluster.ts";
import { sleep, startBookings, waitFor } from "../load.ts";
import { spawnServer } from "../server.ts";
import { account, type DrillResult, eventHead, round } from "./common.ts";

// Drill 1: PostgreSQL stops while clients are connected and booking. Requests must fail fast
// with an error (not hang), /health must say unhealthy, everything must come back by itself,
// and no subscriber may miss an event that committed.

export async function databaseOutageDrill(o: {
  clients: number;
  outageMs: number;
  bookingsPerSecond: number;
}): Promise<DrillResult> {
  const db = await startDrillDatabase({ patients: 100 });
  const server = await spawnServer(db.url, { fanout: "local" });
  const subs = await subscribeMany(
    server.url,
    await Promise.all(db.clinic.admins.map((id) => tokenFor(id, "admin"))),
    o.clients,
  );
  try {
    const from = await eventHead(db);
    const load = await startBookings(db.clinic, () => server.url, o.bookingsPerSecond);
    await sleep(1_500);
    const downAt = Date.now();
    await db.stop();
    const healthDuring: number[] = [];
    const probe = setInterval(() => {
      fetch(`${server.url}/health`, { signal: AbortSignal.timeout(5_000) })
        .then((r) => healthDuring.push(r.status))
        .catch(() => healthDuring.push(0));
    }, 250);
    await sleep(o.outageMs);
    clearInterval(probe);
    await db.start();
    const upAt = Date.now();
    const healthy = await waitFor(
      async () =>
        (await fetch(`${server.url}/health`)
          .then((r) => r.status)
          .catch(() => 0)) === 200,
      30_000,
      100,
    );
    const healthyAt = Date.now();
    await waitFor(() => load.results.some((r) => r.at >= upAt && r.status === 201), 30_000);
    const firstBookingAfter = load.results
      .filter((r) => r.at >= upAt && r.status === 201)
      .reduce((min, r) => Math.min(min, r.at + r.ms), Number.POSITIVE_INFINITY);
    await sleep(1_500);
    await load.stop();

    const during = load.results.filter((r) => r.at >= downAt + 200 && r.at + r.ms <= upAt);
    const failed = during.filter((r) => r.status !== 201);
    const failMs = failed.map((r) => r.ms).sort((a, b) => a - b);
    const delivery = await account(db, from, subs, 20_000);
    const okIds = load.results.filter((r) => r.status === 201 && r.id).map((r) => r.id ?? "");
    const [missing] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS ok(id)
       WHERE NOT EXISTS (SELECT 1 FROM appointments a WHERE a.id = ok.id)`,
      [okIds],
    );
    const recovery = Math.max(healthyAt, firstBookingAfter) - upAt;
    const unhealthySeen = healthDuring.filter((s) => s === 503).length;
    const passed =
      healthy &&
      delivery.lost === 0 &&
      delivery.duplicated === 0 &&
      delivery.phantom === 0 &&
      (missing?.n ?? 1) === 0 &&
      unhealthySeen > 0 &&
      (failMs.at(-1) ?? 0) < 5_000 &&
      Number.isFinite(firstBookingAfter);
    return {
      scenario: "database outage",
      load: `${o.clients} subscribers, ${o.bookingsPerSecond} bookings/s`,
      faults: `PostgreSQL stopped for ${round(o.outageMs / 1000, 1)} s`,
      eventsCommitted: delivery.committed,
      deliveriesExpected: delivery.expected,
      received: delivery.received,
      lost: delivery.lost,
      duplicated: delivery.duplicated,
      recoverySeconds: round(recovery / 1000),
      passed,
      details: {
        bookingsSucceeded: okIds.length,
        bookingsFailedDuringOutage: failed.length,
        failureCodes: [...new Set(failed.map((r) => `${r.status} ${r.code ?? ""}`.trim()))].join(
          ", ",
        ),
        transportErrors: [...new Set(load.results.map((r) => r.error).filter(Boolean))].join(", "),
        failLatencyP50Ms: round(failMs[Math.floor(failMs.length / 2)] ?? 0),
        failLatencyMaxMs: round(failMs.at(-1) ?? 0),
        healthProbesDuringOutage: healthDuring.length,
        healthUnhealthy503: unhealthySeen,
        healthBackAfterSeconds: round((healthyAt - upAt) / 1000),
        firstBookingAfterSeconds: round((firstBookingAfter - upAt) / 1000),
        acknowledgedBookingsMissing: missing?.n ?? -1,
        phantomEvents: delivery.phantom,
      },
    };
  } finally {
    for (const s of subs) s.close();
    await server.stop();
    await db.destroy();
  }
}
