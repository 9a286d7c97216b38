import { describe, expect, it } from "vitest";
import { databaseOutageDrill } from "./drills/db-outage.ts";
import { listenDropDrill } from "./drills/listen-drop.ts";
import { restartDrill } from "./drills/restart.ts";
import { sigkillDrill } from "./drills/sigkill.ts";

// The fault drills in their shortened form (100 clients instead of 1,000, a 3 s outage
// instead of 10 s); `pnpm reliability` runs the full ones. Each starts its own PostgreSQL
// and real server processes, breaks them, and counts what every subscriber received.

describe("fault drills", () => {
  it("a database outage: requests fail fast, /health says so, everything recovers, no event is missed", async () => {
    const r = await databaseOutageDrill({ clients: 100, outageMs: 3_000, bookingsPerSecond: 10 });
    expect(r.details.healthUnhealthy503).toBeGreaterThan(0);
    expect(r.details.bookingsFailedDuringOutage).toBeGreaterThan(0);
    expect(r.details.failLatencyMaxMs).toBeLessThan(5_000);
    expect(r.details.acknowledgedBookingsMissing).toBe(0);
    expect(r.eventsCommitted).toBeGreaterThan(0);
    expect({ lost: r.lost, duplicated: r.duplicated }, JSON.stringify(r.details)).toEqual({
      lost: 0,
      duplicated: 0,
    });
    expect(r.recoverySeconds).toBeLessThan(10);
    expect(r.passed).toBe(true);
  });

  it("a server restart: every client reconnects, resubscribes and catches up", async () => {
    const r = await restartDrill({ clients: 100, bookingsPerSecond: 10 });
    expect(r.details.stuckClients).toBe(0);
    expect(r.details.exitCode).toBe(0);
    expect({ lost: r.lost, duplicated: r.duplicated }, JSON.stringify(r.details)).toEqual({
      lost: 0,
      duplicated: 0,
    });
    expect(r.received).toBe(r.deliveriesExpected);
    expect(r.passed).toBe(true);
  });

  it("SIGKILL mid-booking: every appointment has its event and every event its appointment", async () => {
    const r = await sigkillDrill({ clients: 20, bookingsPerSecond: 20 });
    expect(r.details.appointmentsWithoutEvent).toBe(0);
    expect(r.details.eventsWithoutAppointment).toBe(0);
    expect(r.details.acknowledgedBookingsMissing).toBe(0);
    expect({ lost: r.lost, duplicated: r.duplicated }, JSON.stringify(r.details)).toEqual({
      lost: 0,
      duplicated: 0,
    });
    expect(r.passed).toBe(true);
  });

  it("a dropped LISTEN connection (several instances): it reconnects and catches up from the log", async () => {
    const r = await listenDropDrill({ clients: 20, bookingsPerSecond: 10 });
    expect(r.details.listenConnectionsTerminated).toBeGreaterThan(0);
    expect(r.details.listenRestored).toBe(true);
    expect({ lost: r.lost, duplicated: r.duplicated }, JSON.stringify(r.details)).toEqual({
      lost: 0,
      duplicated: 0,
    });
    expect(r.passed).toBe(true);
  });
});
