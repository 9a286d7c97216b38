import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../realtime/channels.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { clinic, expectError, withEvents } from "./booking.testkit.ts";

// Status transitions, cancellation, rescheduling and optimistic concurrency.

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
afterEach(() => api.clock.set(NOW));

type Who = { id: string; role: "patient" | "dentist" | "admin" };

async function booked(startsAt: string, opts: { dentist?: Who; patient?: Who } = {}) {
  const dentist = opts.dentist ?? (await createDentist(api));
  const patient = opts.patient ?? c.patient;
  const appointment = await api.caller(patient).appointments.create({
    dentistId: dentist.id,
    typeId: c.types.checkup,
    startsAt,
  });
  return { dentist, patient, appointment };
}

async function freeStarts(dentistId: string, date: string) {
  const r = await api.caller(c.otherPatient).availability.slots({ dentistId, date });
  return r.slots.map((s) => s.startsAt);
}

describe("status transitions", () => {
  it("confirms a pending appointment and tells both parties", async () => {
    const { dentist, appointment } = await booked("2030-01-08T09:00:00.000Z");
    const { result, events } = await withEvents(api, () =>
      api.caller(dentist).appointments.confirm({ id: appointment.id }),
    );
    expect(result).toMatchObject({ status: "confirmed", version: 2 });
    expect(events.map((e) => e.type)).toEqual(["appointment.status_changed"]);
    expect(events[0]).toMatchObject({
      actorId: dentist.id,
      payload: { appointment: result, from: "pending" },
      channels: [
        channels.appointmentsOfDentist(dentist.id),
        channels.appointmentsOfPatient(c.patient.id),
        channels.appointmentsAll(),
      ],
    });
    await expectError(
      api.caller(dentist).appointments.confirm({ id: appointment.id }),
      "CONFLICT",
      "Invalid status transition",
    );
  });

  it("completes only confirmed appointments, and not before they start", async () => {
    const { dentist, appointment } = await booked("2030-01-08T10:00:00.000Z");
    await expectError(
      api.caller(c.admin).appointments.complete({ id: appointment.id }),
      "CONFLICT",
    );
    await api.caller(c.admin).appointments.confirm({ id: appointment.id });
    await expectError(
      api.caller(dentist).appointments.complete({ id: appointment.id }),
      "CONFLICT",
      "before it starts",
    );
    api.clock.set("2030-01-08T10:30:00Z");
    const done = await api.caller(dentist).appointments.complete({ id: appointment.id });
    expect(done).toMatchObject({ status: "completed", version: 3 });
    // Completed and cancelled are final.
    await expectError(
      api.caller(c.admin).appointments.cancel({ id: appointment.id }),
      "CONFLICT",
      "Invalid status transition",
    );
    await expectError(api.caller(c.admin).appointments.confirm({ id: appointment.id }), "CONFLICT");
  });

  it("leaves confirming and completing to staff, and to the appointment's own dentist", async () => {
    const { appointment } = await booked("2030-01-08T11:00:00.000Z");
    await expectError(
      api.caller(c.patient).appointments.confirm({ id: appointment.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.otherDentist).appointments.confirm({ id: appointment.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.patient).appointments.complete({ id: appointment.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.admin).appointments.confirm({ id: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });
});

describe("appointments.cancel", () => {
  it("lets the patient cancel outside the window: kept as cancelled, announced, slot freed", async () => {
    const { dentist, appointment } = await booked("2030-01-08T13:00:00.000Z");
    expect(await freeStarts(dentist.id, "2030-01-08")).not.toContain(appointment.startsAt);
    api.clock.set("2030-01-07T12:00:00Z");
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).appointments.cancel({ id: appointment.id, reason: "Feeling better" }),
    );
    expect(result).toMatchObject({
      status: "cancelled",
      cancellationReason: "Feeling better",
      cancelledAt: "2030-01-07T12:00:00.000Z",
      version: 2,
    });
    expect(events.map((e) => e.type)).toEqual(["appointment.cancelled", "slots.changed"]);
    expect(events[0]?.channels).toContain(channels.appointmentsOfDentist(dentist.id));
    expect(events[0]?.payload).toEqual({ appointment: result });
    expect(events[1]).toMatchObject({
      channels: [channels.slotsOfDentist(dentist.id), channels.slotsGlobal()],
      payload: { effect: "freed", reason: "cancellation", startsAt: appointment.startsAt },
    });
    expect(await api.deps.db.appointment.count({ where: { id: appointment.id } })).toBe(1);
    expect(await freeStarts(dentist.id, "2030-01-08")).toContain(appointment.startsAt);
    await expectError(
      api.caller(c.patient).appointments.cancel({ id: appointment.id }),
      "CONFLICT",
    );
  });

  it("stops patients, but not staff, inside the cancellation window", async () => {
    const { dentist, appointment } = await booked("2030-01-08T14:00:00.000Z");
    api.clock.set("2030-01-08T13:01:00Z");
    const err = await expectError(
      api.caller(c.patient).appointments.cancel({ id: appointment.id }),
      "CANCELLATION_WINDOW_EXPIRED",
    );
    expect(err.details).toEqual({ cancellationWindowMinutes: 60 });
    const byDentist = await api
      .caller(dentist)
      .appointments.cancel({ id: appointment.id, reason: "Ill" });
    expect(byDentist.status).toBe("cancelled");
  });

  it("lets nobody else cancel", async () => {
    const { appointment } = await booked("2030-01-08T15:00:00.000Z");
    await expectError(
      api.caller(c.otherPatient).appointments.cancel({ id: appointment.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.otherDentist).appointments.cancel({ id: appointment.id }),
      "FORBIDDEN",
    );
    await expect(
      api.caller(c.admin).appointments.cancel({ id: appointment.id }),
    ).resolves.toMatchObject({
      status: "cancelled",
    });
  });
});

describe("appointments.update", () => {
  it("reschedules atomically, bumps the version and announces the old and new times", async () => {
    const { dentist, appointment } = await booked("2030-01-09T09:00:00.000Z");
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).appointments.update({
        id: appointment.id,
        startsAt: "2030-01-09T09:15:00.000Z",
        patientNotes: "Running late",
        expectedVersion: 1,
      }),
    );
    expect(result).toMatchObject({
      startsAt: "2030-01-09T09:15:00.000Z",
      endsAt: "2030-01-09T09:45:00.000Z",
      patientNotes: "Running late",
      version: 2,
      status: "pending",
    });
    expect(events.map((e) => e.type)).toEqual([
      "appointment.updated",
      "slots.changed",
      "slots.changed",
    ]);
    expect(events[0]?.payload).toEqual({
      appointment: result,
      previous: { startsAt: appointment.startsAt, endsAt: appointment.endsAt },
    });
    expect(events[0]?.channels).toContain(channels.appointmentsOfPatient(c.patient.id));
    expect(events[1]?.payload).toMatchObject({
      effect: "freed",
      reason: "reschedule",
      startsAt: appointment.startsAt,
    });
    expect(events[2]?.payload).toMatchObject({
      effect: "taken",
      reason: "reschedule",
      startsAt: result.startsAt,
    });
    const free = await freeStarts(dentist.id, "2030-01-09");
    expect(free).toContain("2030-01-09T09:45:00.000Z");
    expect(free).not.toContain("2030-01-09T09:15:00.000Z");
  });

  it("changes the length with the type", async () => {
    const { appointment } = await booked("2030-01-09T10:00:00.000Z");
    const r = await api
      .caller(c.admin)
      .appointments.update({ id: appointment.id, typeId: c.types.filling });
    expect(r).toMatchObject({ typeCode: "filling", endsAt: "2030-01-09T11:00:00.000Z" });
  });

  it("refuses a stale expectedVersion with CONFLICT", async () => {
    const { appointment } = await booked("2030-01-09T11:00:00.000Z");
    await api
      .caller(c.admin)
      .appointments.update({ id: appointment.id, notes: "x-ray first", expectedVersion: 1 });
    const err = await expectError(
      api
        .caller(c.patient)
        .appointments.update({ id: appointment.id, patientNotes: "hi", expectedVersion: 1 }),
      "CONFLICT",
    );
    expect(err.details).toEqual({ currentVersion: 2 });
  });

  it("refuses a new time that is taken, off hours, or (for patients) inside the window", async () => {
    const d = await createDentist(api);
    const { appointment } = await booked("2030-01-09T13:00:00.000Z", { dentist: d });
    await booked("2030-01-09T14:00:00.000Z", { dentist: d, patient: c.otherPatient });
    await expectError(
      api
        .caller(c.patient)
        .appointments.update({ id: appointment.id, startsAt: "2030-01-09T13:45:00.000Z" }),
      "SLOT_UNAVAILABLE",
    );
    await expectError(
      api
        .caller(c.patient)
        .appointments.update({ id: appointment.id, startsAt: "2030-01-09T18:00:00.000Z" }),
      "SLOT_UNAVAILABLE",
    );
    api.clock.set("2030-01-09T12:30:00Z");
    await expectError(
      api
        .caller(c.patient)
        .appointments.update({ id: appointment.id, startsAt: "2030-01-09T16:00:00.000Z" }),
      "CANCELLATION_WINDOW_EXPIRED",
    );
    const byStaff = await api.caller(d).appointments.update({
      id: appointment.id,
      startsAt: "2030-01-09T16:00:00.000Z",
    });
    expect(byStaff.startsAt).toBe("2030-01-09T16:00:00.000Z");
  });

  it("keeps staff notes for staff and refuses changes to finished appointments", async () => {
    const { appointment } = await booked("2030-01-09T15:00:00.000Z");
    await expectError(
      api.caller(c.patient).appointments.update({ id: appointment.id, notes: "mine" }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.otherPatient).appointments.update({ id: appointment.id, patientNotes: "x" }),
      "FORBIDDEN",
    );
    await api.caller(c.patient).appointments.cancel({ id: appointment.id });
    await expectError(
      api.caller(c.admin).appointments.update({ id: appointment.id, notes: "late" }),
      "CONFLICT",
    );
  });

  it("lets only one of two reschedules into the same free time win", async () => {
    const d = await createDentist(api);
    const p1 = await createUser(api, "patient");
    const p2 = await createUser(api, "patient");
    const a = await booked("2030-01-10T09:00:00.000Z", { dentist: d, patient: p1 });
    const b = await booked("2030-01-10T10:00:00.000Z", { dentist: d, patient: p2 });
    const target = "2030-01-10T11:00:00.000Z";
    const results = await Promise.allSettled([
      api.caller(p1).appointments.update({ id: a.appointment.id, startsAt: target }),
      api.caller(p2).appointments.update({ id: b.appointment.id, startsAt: target }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    await expectError(Promise.reject(rejected?.reason), "SLOT_UNAVAILABLE");
    const at = await api.deps.db.appointment.count({
      where: { dentistId: d.id, startsAt: new Date(target) },
    });
    expect(at).toBe(1);
  });

  it("lets only one of two simultaneous edits from the same version win", async () => {
    const { appointment } = await booked("2030-01-10T13:00:00.000Z");
    const results = await Promise.allSettled([
      api
        .caller(c.admin)
        .appointments.update({ id: appointment.id, notes: "one", expectedVersion: 1 }),
      api
        .caller(c.admin)
        .appointments.update({ id: appointment.id, notes: "two", expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    await expectError(Promise.reject(rejected?.reason), "CONFLICT");
    const row = await api.deps.db.appointment.findUniqueOrThrow({ where: { id: appointment.id } });
    expect(row.version).toBe(2);
  });
});
