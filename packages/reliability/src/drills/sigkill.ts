import { freePort } from "@dentalcare/db";
import { subscribeMany, tokenFor } from "../clients.ts";
import { startDrillDatabase } from "../cluster.ts";
import { SlotAllocator, sleep, startBookings, waitFor } from "../load.ts";
import { spawnServer } from "../server.ts";
import { account, type DrillResult, eventHead, round } from "./common.ts";

// Drill 3: the process is killed with SIGKILL in the middle of bookings (no shutdown code
// runs). Afterwards every appointment has its event, no event lacks its appointment, every
// booking the client was told succeeded exists, and subscribers catch up after a restart.

export async function sigkillDrill(o: {
  clients: number;
  bookingsPerSecond: number;
}): Promise<DrillResult> {
  const db = await startDrillDatabase({ patients: 100 });
  const port = await freePort();
  let server = await spawnServer(db.url, { port, fanout: "local" });
  const url = server.url;
  const subs = await subscribeMany(
    url,
    await Promise.all(db.clinic.admins.map((id) => tokenFor(id, "admin"))),
    o.clients,
  );
  try {
    const from = await eventHead(db);
    const slots = new SlotAllocator(db.clinic);
    const load = await startBookings(db.clinic, () => url, o.bookingsPerSecond, slots);
    await sleep(2_000);
    const inFlight = load.results.length;
    server.child.kill("SIGKILL");
    await server.stop();
    const killedAt = Date.now();
    await sleep(500);
    server = await spawnServer(db.url, { port, fanout: "local" });
    const upAt = Date.now();
    await waitFor(() => load.results.some((r) => r.at >= upAt && r.status === 201), 30_000);
    await sleep(1_500);
    await load.stop();
    await waitFor(() => subs.every((x) => x.liveAt.some((t) => t > killedAt)), 60_000, 200);
    const delivery = await account(db, from, subs, 30_000);
    const [orphans] = await db.query<{ appointments: number; events: number }>(
      `SELECT
         (SELECT count(*)::int FROM appointments a WHERE NOT EXISTS (
            SELECT 1 FROM realtime_events e
            WHERE e.event_type = 'appointment.created' AND e.record_id = a.id::text)) AS appointments,
         (SELECT count(*)::int FROM realtime_events e WHERE e.event_type = 'appointment.created'
            AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.id::text = e.record_id)) AS events`,
    );
    const okIds = load.results.filter((r) => r.status === 201 && r.id).map((r) => r.id ?? "");
    const [missing] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS ok(id)
       WHERE NOT EXISTS (SELECT 1 FROM appointments a WHERE a.id = ok.id)`,
      [okIds],
    );
    const cut = load.results.filter((r) => r.at < killedAt && r.status === 0).length;
    const [held] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'",
    );
    const passed =
      orphans?.appointments === 0 &&
      orphans?.events === 0 &&
      missing?.n === 0 &&
      delivery.lost === 0 &&
      delivery.duplicated === 0;
    return {
      scenario: "SIGKILL mid-booking",
      load: `${o.clients} subscribers, ${o.bookingsPerSecond} bookings/s`,
      faults: "kill -9 of the server, then a restart",
      eventsCommitted: delivery.committed,
      deliveriesExpected: delivery.expected,
      received: delivery.received,
      lost: delivery.lost,
      duplicated: delivery.duplicated,
      recoverySeconds: round(
        (Math.min(
          ...load.results.filter((r) => r.at >= upAt && r.status === 201).map((r) => r.at + r.ms),
        ) -
          killedAt) /
          1000,
      ),
      passed,
      details: {
        bookingsBeforeKill: inFlight,
        requestsCutByKill: cut,
        appointmentsWithoutEvent: orphans?.appointments ?? -1,
        eventsWithoutAppointment: orphans?.events ?? -1,
        acknowledgedBookingsMissing: missing?.n ?? -1,
        advisoryLocksLeft: held?.n ?? -1,
        clientsNotReconnected: subs.filter((x) => !x.liveAt.some((t) => t > killedAt)).length,
        subscriptionErrors: subs.reduce((n, x) => n + x.errors.length, 0),
      },
    };
  } finally {
    for (const s of subs) s.close();
    await server.stop();
    await db.destroy();
  }
}
