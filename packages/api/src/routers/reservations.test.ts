import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../realtime/channels.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { clinic, expectError, withEvents } from "./booking.testkit.ts";

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
afterEach(async () => {
  api.clock.set(NOW);
  // Each test starts without live holds, so the per-patient limit is its own business.
  await api.deps.db.slotReservation.updateMany({
    where: { status: "held" },
    data: { status: "released" },
  });
});

async function freeStarts(
  user: { id: string; role: "patient" | "dentist" | "admin" },
  dentistId: string,
  date: string,
) {
  const r = await api.caller(user).availability.slots({ dentistId, date });
  return r.slots.map((s) => s.startsAt);
}

describe("reservations.hold", () => {
  it("hides the held slot from other patients and staff but not from the holder", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T10:00:00.000Z";
    const hold = await api.caller(c.patient).reservations.hold({
      dentistId: d.id,
      startsAt,
      typeId: c.types.checkup,
    });
    expect(hold).toMatchObject({
      dentistId: d.id,
      patientId: c.patient.id,
      typeId: c.types.checkup,
      startsAt,
      endsAt: "2030-01-08T10:30:00.000Z",
      expiresAt: "2030-01-07T08:05:00.000Z",
      status: "held",
    });
    expect(await freeStarts(c.patient, d.id, "2030-01-08")).toContain(startsAt);
    const others = await freeStarts(c.otherPatient, d.id, "2030-01-08");
    expect(others).not.toContain(startsAt);
    // Overlapping starts go too; the back-to-back ones stay.
    expect(others).not.toContain("2030-01-08T09:45:00.000Z");
    expect(others).not.toContain("2030-01-08T10:15:00.000Z");
    expect(others).toContain("2030-01-08T09:30:00.000Z");
    expect(others).toContain("2030-01-08T10:30:00.000Z");
    expect(await freeStarts(d, d.id, "2030-01-08")).not.toContain(startsAt);
    await expectError(
      api
        .caller(c.otherPatient)
        .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup }),
      "SLOT_UNAVAILABLE",
      "That time is no longer available",
    );
  });

  it("tells only the holder about the hold and everyone else only that a slot went", async () => {
    const d = await createDentist(api);
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).reservations.hold({
        dentistId: d.id,
        startsAt: "2030-01-08T11:00:00.000Z",
        typeId: c.types.checkup,
      }),
    );
    expect(events.map((e) => e.type)).toEqual(["reservation.held", "slots.changed"]);
    expect(events[0]).toMatchObject({
      channels: [channels.appointmentsOfPatient(c.patient.id)],
      recordId: result.id,
      payload: { reservation: result },
      actorId: c.patient.id,
    });
    expect(events[1]?.channels).toEqual([channels.slotsOfDentist(d.id), channels.slotsGlobal()]);
    expect(events[1]?.payload).toEqual({
      dentistId: d.id,
      startsAt: result.startsAt,
      endsAt: result.endsAt,
      effect: "taken",
      reason: "hold",
    });
    expect(JSON.stringify(events[1]?.payload)).not.toContain(c.patient.id);
  });

  it("returns the same hold when the request is retried", async () => {
    const d = await createDentist(api);
    const input = {
      dentistId: d.id,
      startsAt: "2030-01-08T13:00:00.000Z",
      typeId: c.types.checkup,
    };
    const first = await api.caller(c.patient).reservations.hold(input);
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).reservations.hold(input),
    );
    expect(result.id).toBe(first.id);
    expect(events).toEqual([]);
  });

  it("moves one's own hold when an overlapping time is picked", async () => {
    const d = await createDentist(api);
    const first = await api.caller(c.patient).reservations.hold({
      dentistId: d.id,
      startsAt: "2030-01-08T14:00:00.000Z",
      typeId: c.types.checkup,
    });
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).reservations.hold({
        dentistId: d.id,
        startsAt: "2030-01-08T14:15:00.000Z",
        typeId: c.types.checkup,
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      "reservation.released",
      "slots.changed",
      "reservation.held",
      "slots.changed",
    ]);
    expect(events[0]?.recordId).toBe(first.id);
    const mine = await api.caller(c.patient).reservations.mine();
    expect(mine.map((h) => h.id)).toContain(result.id);
    expect(mine.map((h) => h.id)).not.toContain(first.id);
  });

  it("refuses times outside working hours, off the grid, in the past or inside the notice", async () => {
    const d = await createDentist(api);
    const hold = (startsAt: string) =>
      api
        .caller(c.patient)
        .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    await expectError(hold("2030-01-08T12:00:00.000Z"), "SLOT_UNAVAILABLE"); // lunch
    await expectError(hold("2030-01-08T11:45:00.000Z"), "SLOT_UNAVAILABLE"); // runs into lunch
    await expectError(hold("2030-01-08T10:05:00.000Z"), "SLOT_UNAVAILABLE"); // off the grid
    await expectError(hold("2030-01-12T10:00:00.000Z"), "SLOT_UNAVAILABLE"); // Saturday
    await expectError(hold("2030-01-07T08:30:00.000Z"), "SLOT_UNAVAILABLE"); // before hours
    api.clock.set("2030-01-07T08:10:00Z");
    await expectError(hold("2030-01-07T09:00:00.000Z"), "SLOT_UNAVAILABLE"); // inside 60 min notice
    await expect(hold("2030-01-07T09:15:00.000Z")).resolves.toMatchObject({ status: "held" });
  });

  it("allows at most maxHoldsPerPatient live holds", async () => {
    const d = await createDentist(api);
    const patient = await createUser(api, "patient");
    const hold = (startsAt: string) =>
      api.caller(patient).reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    await hold("2030-01-09T09:00:00.000Z");
    await hold("2030-01-09T10:00:00.000Z");
    await hold("2030-01-09T11:00:00.000Z");
    const err = await expectError(hold("2030-01-09T13:00:00.000Z"), "CONFLICT");
    expect(err.details).toEqual({ maxHoldsPerPatient: 3 });
    // Once they lapse they no longer count.
    api.clock.advance(5 * 60_000);
    await expect(hold("2030-01-09T13:00:00.000Z")).resolves.toMatchObject({ status: "held" });
  });

  it("is for patients only, and validates its input", async () => {
    const input = {
      dentistId: c.dentist.id,
      startsAt: "2030-01-08T10:00:00.000Z",
      typeId: c.types.checkup,
    };
    await expectError(api.caller(c.dentist).reservations.hold(input), "FORBIDDEN");
    await expectError(api.caller(c.admin).reservations.hold(input), "FORBIDDEN");
    await expectError(api.caller(null).reservations.hold(input), "UNAUTHORIZED");
    await expectError(
      api.caller(c.patient).reservations.hold({ ...input, startsAt: "tomorrow" }),
      "VALIDATION_ERROR",
    );
    await expectError(
      api
        .caller(c.patient)
        .reservations.hold({ ...input, typeId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });

  it("lets exactly one of several patients racing for one slot hold it", async () => {
    const d = await createDentist(api);
    const patients = await Promise.all(Array.from({ length: 6 }, () => createUser(api, "patient")));
    const results = await Promise.allSettled(
      patients.map((p) =>
        api.caller(p).reservations.hold({
          dentistId: d.id,
          startsAt: "2030-01-10T09:00:00.000Z",
          typeId: c.types.checkup,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await api.deps.db.slotReservation.count({ where: { dentistId: d.id, status: "held" } }),
    ).toBe(1);
  });
});

describe("a lapsed hold", () => {
  it("stops hiding the slot, and the next hold marks it expired and says so", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T15:00:00.000Z";
    const old = await api.caller(c.patient).reservations.hold({
      dentistId: d.id,
      startsAt,
      typeId: c.types.checkup,
    });
    api.clock.advance(5 * 60_000);
    expect(await freeStarts(c.otherPatient, d.id, "2030-01-08")).toContain(startsAt);
    expect(await api.caller(c.patient).reservations.mine()).not.toContainEqual(
      expect.objectContaining({ id: old.id }),
    );
    const { result, events } = await withEvents(api, () =>
      api
        .caller(c.otherPatient)
        .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup }),
    );
    expect(events.map((e) => [e.type, e.recordId])).toEqual([
      ["reservation.expired", old.id],
      ["slots.changed", old.id],
      ["reservation.held", result.id],
      ["slots.changed", result.id],
    ]);
    expect(events[0]?.channels).toEqual([channels.appointmentsOfPatient(c.patient.id)]);
    expect(events[1]?.payload).toMatchObject({ effect: "freed", reason: "hold_expired" });
    const row = await api.deps.db.slotReservation.findUniqueOrThrow({ where: { id: old.id } });
    expect(row.status).toBe("expired");
  });
});

describe("reservations.release and mine", () => {
  it("lets the holder release a hold, which brings the slot back and is announced", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T16:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    expect((await api.caller(c.patient).reservations.mine()).map((h) => h.id)).toContain(hold.id);
    await expectError(
      api.caller(c.otherPatient).reservations.release({ id: hold.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.otherDentist).reservations.release({ id: hold.id }),
      "FORBIDDEN",
    );
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).reservations.release({ id: hold.id }),
    );
    expect(result.status).toBe("released");
    expect(events.map((e) => e.type)).toEqual(["reservation.released", "slots.changed"]);
    expect(events[0]?.channels).toEqual([channels.appointmentsOfPatient(c.patient.id)]);
    expect(events[1]?.payload).toMatchObject({
      effect: "freed",
      reason: "hold_released",
      startsAt,
    });
    expect(await freeStarts(c.otherPatient, d.id, "2030-01-08")).toContain(startsAt);
    expect((await api.caller(c.patient).reservations.mine()).map((h) => h.id)).not.toContain(
      hold.id,
    );
    await expectError(api.caller(c.patient).reservations.release({ id: hold.id }), "CONFLICT");
    await expectError(
      api.caller(c.patient).reservations.release({ id: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });

  it("lets the hold's dentist and admins release it", async () => {
    const d = await createDentist(api);
    const a = await api.caller(c.patient).reservations.hold({
      dentistId: d.id,
      startsAt: "2030-01-11T09:00:00.000Z",
      typeId: c.types.checkup,
    });
    const b = await api.caller(c.otherPatient).reservations.hold({
      dentistId: d.id,
      startsAt: "2030-01-11T10:00:00.000Z",
      typeId: c.types.checkup,
    });
    await expect(api.caller(d).reservations.release({ id: a.id })).resolves.toMatchObject({
      status: "released",
    });
    await expect(api.caller(c.admin).reservations.release({ id: b.id })).resolves.toMatchObject({
      status: "released",
    });
  });
});
