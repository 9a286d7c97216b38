import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../realtime/channels.ts";
import type { ChangeEvent } from "../realtime/event-types.ts";
import { clinic, withEvents } from "../routers/booking.testkit.ts";
import type { Role } from "../schemas/common.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { startHoldSweeper, sweepExpiredHolds } from "./sweeper.ts";

const NOW = "2030-01-07T08:00:00Z";
let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
});
afterAll(async () => {
  await api.close();
});

async function holdAt(patient: { id: string; role: Role }, dentistId: string, startsAt: string) {
  return api.caller(patient).reservations.hold({ dentistId, startsAt, typeId: c.types.checkup });
}

describe("sweepExpiredHolds", () => {
  it("expires every lapsed hold in one go, announces each, and brings the slots back", async () => {
    api.clock.set(NOW);
    const d = await createDentist(api);
    const lapsing = await holdAt(c.patient, d.id, "2030-01-08T09:00:00.000Z");
    const alsoLapsing = await holdAt(c.otherPatient, d.id, "2030-01-08T10:00:00.000Z");
    api.clock.advance(2 * 60_000);
    const fresh = await holdAt(c.patient, d.id, "2030-01-08T11:00:00.000Z");
    const someone = await createUser(api, "patient");
    const before = await api
      .caller(someone)
      .availability.slots({ dentistId: d.id, date: "2030-01-08" });
    expect(before.slots.map((s) => s.startsAt)).not.toContain(lapsing.startsAt);

    // Not yet: expiresAt is exclusive of the live period, inclusive of the sweep.
    api.clock.set(lapsing.expiresAt);
    api.clock.advance(-1);
    expect(await sweepExpiredHolds(api.deps)).toBe(0);

    api.clock.set(lapsing.expiresAt);
    const received: ChangeEvent[] = [];
    const detach = api.hub.subscribe((e) => received.push(e));
    const { result, events } = await withEvents(api, () => sweepExpiredHolds(api.deps));
    expect(result).toBe(2);
    expect(events.map((e) => [e.type, e.recordId]).sort()).toEqual(
      [
        ["reservation.expired", lapsing.id],
        ["reservation.expired", alsoLapsing.id],
        ["slots.changed", lapsing.id],
        ["slots.changed", alsoLapsing.id],
      ].sort(),
    );
    // One transaction: all four events share a commit.
    expect(events.every((e) => e.actorId === null)).toBe(true);
    const expired = events.find(
      (e) => e.type === "reservation.expired" && e.recordId === lapsing.id,
    );
    expect(expired?.channels).toEqual([channels.appointmentsOfPatient(c.patient.id)]);
    expect(expired?.payload).toMatchObject({ reservation: { id: lapsing.id, status: "expired" } });
    const freed = events.find((e) => e.type === "slots.changed" && e.recordId === lapsing.id);
    expect(freed?.channels).toEqual([channels.slotsOfDentist(d.id), channels.slotsGlobal()]);
    expect(freed?.payload).toEqual({
      dentistId: d.id,
      startsAt: lapsing.startsAt,
      endsAt: lapsing.endsAt,
      effect: "freed",
      reason: "hold_expired",
    });

    // The hub publishes them to live subscribers after the commit.
    await api.hub.flush();
    detach();
    expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id.toString()));

    const rows = await api.deps.db.slotReservation.findMany({
      where: { id: { in: [lapsing.id, alsoLapsing.id, fresh.id] } },
      select: { id: true, status: true, endedAt: true },
    });
    const status = Object.fromEntries(rows.map((r) => [r.id, r.status]));
    expect(status).toEqual({
      [lapsing.id]: "expired",
      [alsoLapsing.id]: "expired",
      [fresh.id]: "held",
    });
    const after = await api
      .caller(someone)
      .availability.slots({ dentistId: d.id, date: "2030-01-08" });
    expect(after.slots.map((s) => s.startsAt)).toContain(lapsing.startsAt);
    expect(after.slots.map((s) => s.startsAt)).not.toContain(fresh.startsAt);

    expect(await sweepExpiredHolds(api.deps)).toBe(0);
  });

  it("never expires the same hold twice when sweepers race", async () => {
    api.clock.set(NOW);
    const d = await createDentist(api);
    const patients = await Promise.all([1, 2, 3].map(() => createUser(api, "patient")));
    const starts = [
      "2030-01-09T09:00:00.000Z",
      "2030-01-09T10:00:00.000Z",
      "2030-01-09T11:00:00.000Z",
    ];
    const holds = await Promise.all(patients.map((p, i) => holdAt(p, d.id, starts[i] ?? "")));
    api.clock.advance(10 * 60_000);
    const { result, events } = await withEvents(api, () =>
      Promise.all([
        sweepExpiredHolds(api.deps),
        sweepExpiredHolds(api.deps),
        sweepExpiredHolds(api.deps),
      ]),
    );
    const expired = events.filter((e) => e.type === "reservation.expired").map((e) => e.recordId);
    expect(result.reduce((a, b) => a + b, 0)).toBe(expired.length);
    expect(new Set(expired).size).toBe(expired.length);
    expect(expired).toEqual(expect.arrayContaining(holds.map((h) => h.id)));
  });
});

describe("startHoldSweeper", () => {
  it("sweeps on its interval until stopped", async () => {
    api.clock.set(NOW);
    const d = await createDentist(api);
    const hold = await holdAt(c.patient, d.id, "2030-01-10T09:00:00.000Z");
    const stop = startHoldSweeper(api.deps, 20);
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(
        (await api.deps.db.slotReservation.findUniqueOrThrow({ where: { id: hold.id } })).status,
      ).toBe("held");
      api.clock.advance(api.deps.config.holdTtlSeconds * 1000);
      await expect
        .poll(
          async () =>
            (await api.deps.db.slotReservation.findUniqueOrThrow({ where: { id: hold.id } }))
              .status,
          {
            timeout: 5_000,
            interval: 20,
          },
        )
        .toBe("expired");
    } finally {
      await stop();
    }
    // Stopped: a hold that lapses now stays held until someone sweeps.
    api.clock.set(NOW);
    const later = await holdAt(c.otherPatient, d.id, "2030-01-10T10:00:00.000Z");
    api.clock.advance(api.deps.config.holdTtlSeconds * 1000);
    await new Promise((r) => setTimeout(r, 100));
    expect(
      (await api.deps.db.slotReservation.findUniqueOrThrow({ where: { id: later.id } })).status,
    ).toBe("held");
  });
});
