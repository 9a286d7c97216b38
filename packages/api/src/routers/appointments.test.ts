import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../realtime/channels.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { clinic, expectError, withEvents } from "./booking.testkit.ts";

const NOW = "2030-01-07T08:00:00Z";
const MISSING = "00000000-0000-4000-8000-000000000000";
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

async function freeStarts(user: Who, dentistId: string, date: string) {
  const r = await api.caller(user).availability.slots({ dentistId, date });
  return r.slots.map((s) => s.startsAt);
}

describe("appointments.create by a patient", () => {
  it("books a free slot as pending, announces it to both parties and admins, and takes the slot", async () => {
    const d = await createDentist(api, { fullName: "Dr Who" });
    const startsAt = "2030-01-08T09:00:00.000Z";
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).appointments.create({
        dentistId: d.id,
        typeId: c.types.cleaning,
        startsAt,
        patientNotes: "Sensitive teeth",
        medicalHistory: "None",
      }),
    );
    expect(result).toMatchObject({
      patientId: c.patient.id,
      dentistId: d.id,
      dentistName: "Dr Who",
      typeCode: "cleaning",
      typeName: "Cleaning",
      startsAt,
      endsAt: "2030-01-08T09:45:00.000Z",
      status: "pending",
      source: "patient_app",
      patientNotes: "Sensitive teeth",
      medicalHistory: "None",
      notes: null,
      cancelledAt: null,
      version: 1,
    });
    expect(events.map((e) => e.type)).toEqual(["appointment.created", "slots.changed"]);
    expect(events[0]).toMatchObject({
      table: "appointments",
      recordId: result.id,
      actorId: c.patient.id,
      payload: { appointment: result },
      channels: [
        channels.appointmentsOfDentist(d.id),
        channels.appointmentsOfPatient(c.patient.id),
        channels.appointmentsAll(),
      ],
    });
    expect(events[1]).toMatchObject({
      channels: [channels.slotsOfDentist(d.id), channels.slotsGlobal()],
      payload: {
        dentistId: d.id,
        startsAt,
        endsAt: result.endsAt,
        effect: "taken",
        reason: "booking",
      },
    });
    const left = await freeStarts(c.otherPatient, d.id, "2030-01-08");
    expect(left).not.toContain(startsAt);
    expect(left).not.toContain("2030-01-08T09:30:00.000Z");
    expect(left).toContain("2030-01-08T09:45:00.000Z");
  });

  it("records the chatbot as the source when it books for the patient", async () => {
    const d = await createDentist(api);
    const a = await api.caller(c.patient).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-08T10:00:00.000Z",
      source: "chatbot",
    });
    expect(a).toMatchObject({ source: "chatbot", status: "pending" });
  });

  it("lets patients book only for themselves and not as the clinic", async () => {
    const base = {
      dentistId: c.dentist.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-08T11:00:00.000Z",
    };
    await expectError(
      api.caller(c.patient).appointments.create({ ...base, patientId: c.otherPatient.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.patient).appointments.create({ ...base, source: "admin" }),
      "FORBIDDEN",
    );
    await expectError(api.caller(null).appointments.create(base), "UNAUTHORIZED");
  });

  it("refuses taken, closed, past, too-soon and too-far times with SLOT_UNAVAILABLE", async () => {
    const d = await createDentist(api);
    const book = (startsAt: string, who: Who = c.patient) =>
      api.caller(who).appointments.create({ dentistId: d.id, typeId: c.types.checkup, startsAt });
    await book("2030-01-08T13:00:00.000Z");
    await expectError(
      book("2030-01-08T13:15:00.000Z", c.otherPatient),
      "SLOT_UNAVAILABLE",
      "no longer available",
    );
    await expectError(book("2030-01-08T12:00:00.000Z"), "SLOT_UNAVAILABLE"); // lunch
    await expectError(book("2030-01-12T10:00:00.000Z"), "SLOT_UNAVAILABLE"); // Saturday
    await expectError(book("2030-01-06T10:00:00.000Z"), "SLOT_UNAVAILABLE"); // past
    api.clock.set("2030-01-07T08:30:00Z");
    await expectError(book("2030-01-07T09:15:00.000Z"), "SLOT_UNAVAILABLE"); // inside the notice
    await expectError(book("2030-08-05T10:00:00.000Z"), "SLOT_UNAVAILABLE"); // beyond the horizon
    await expectError(
      api.caller(c.patient).appointments.create({
        dentistId: d.id,
        typeId: MISSING,
        startsAt: "2030-01-08T14:00:00.000Z",
      }),
      "NOT_FOUND",
    );
    await expectError(
      api.caller(c.patient).appointments.create({
        dentistId: MISSING,
        typeId: c.types.checkup,
        startsAt: "2030-01-08T14:00:00.000Z",
      }),
      "NOT_FOUND",
    );
  });
});

describe("appointments.create by staff", () => {
  it("books for a patient as confirmed with source admin", async () => {
    const d = await createDentist(api);
    api.clock.set("2030-01-07T08:30:00Z");
    const byDentist = await api.caller(d).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-07T09:00:00.000Z",
      patientId: c.patient.id,
      notes: "Walk-in",
    });
    // Staff are not held to the patients' notice period.
    expect(byDentist).toMatchObject({
      status: "confirmed",
      source: "admin",
      patientId: c.patient.id,
      notes: "Walk-in",
    });
    const byAdmin = await api.caller(c.admin).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-08T09:00:00.000Z",
      patientId: c.otherPatient.id,
    });
    expect(byAdmin).toMatchObject({ status: "confirmed", source: "admin" });
  });

  it("needs a patient, and a dentist books only into their own schedule", async () => {
    const base = {
      dentistId: c.dentist.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-09T09:00:00.000Z",
    };
    await expectError(api.caller(c.admin).appointments.create(base), "VALIDATION_ERROR");
    await expectError(
      api.caller(c.otherDentist).appointments.create({ ...base, patientId: c.patient.id }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.admin).appointments.create({ ...base, patientId: c.otherDentist.id }),
      "NOT_FOUND",
    );
  });
});

describe("booking around holds", () => {
  it("converts the patient's hold into the appointment in one transaction", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T10:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    api.clock.advance(60_000);
    const { result, events } = await withEvents(api, () =>
      api.caller(c.patient).appointments.create({
        dentistId: d.id,
        typeId: c.types.checkup,
        startsAt,
        reservationId: hold.id,
      }),
    );
    expect(result.status).toBe("pending");
    expect(events.map((e) => e.type)).toEqual([
      "reservation.converted",
      "appointment.created",
      "slots.changed",
    ]);
    expect(events[0]).toMatchObject({
      recordId: hold.id,
      channels: [channels.appointmentsOfPatient(c.patient.id)],
      payload: { appointmentId: result.id, reservation: { id: hold.id, status: "converted" } },
    });
    const row = await api.deps.db.slotReservation.findUniqueOrThrow({ where: { id: hold.id } });
    expect(row.status).toBe("converted");
    expect(await api.caller(c.patient).reservations.mine()).toEqual([]);
  });

  it("converts a matching hold even when the booking does not name it", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T11:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    await api
      .caller(c.patient)
      .appointments.create({ dentistId: d.id, typeId: c.types.checkup, startsAt });
    const row = await api.deps.db.slotReservation.findUniqueOrThrow({ where: { id: hold.id } });
    expect(row.status).toBe("converted");
  });

  it("keeps other patients (and staff booking for them) out of a held slot", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T14:00:00.000Z";
    await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    await expectError(
      api
        .caller(c.otherPatient)
        .appointments.create({ dentistId: d.id, typeId: c.types.checkup, startsAt }),
      "SLOT_UNAVAILABLE",
    );
    await expectError(
      api.caller(c.admin).appointments.create({
        dentistId: d.id,
        typeId: c.types.checkup,
        startsAt,
        patientId: c.otherPatient.id,
      }),
      "SLOT_UNAVAILABLE",
    );
  });

  it("refuses a hold that lapsed, belongs to someone else or does not match", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T15:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    const input = { dentistId: d.id, typeId: c.types.checkup, startsAt, reservationId: hold.id };
    await expectError(api.caller(c.otherPatient).appointments.create(input), "NOT_FOUND");
    await expectError(
      api.caller(c.patient).appointments.create({ ...input, typeId: c.types.filling }),
      "VALIDATION_ERROR",
    );
    await expectError(
      api.caller(c.patient).appointments.create({ ...input, startsAt: "2030-01-08T15:30:00.000Z" }),
      "VALIDATION_ERROR",
    );
    api.clock.advance(api.deps.config.holdTtlSeconds * 1000);
    await expectError(
      api.caller(c.patient).appointments.create(input),
      "SLOT_UNAVAILABLE",
      "expired",
    );
  });
});

describe("concurrent bookings", () => {
  it("lets exactly one of ten simultaneous bookings for one slot succeed", async () => {
    const d = await createDentist(api);
    const patients = await Promise.all(
      Array.from({ length: 10 }, () => createUser(api, "patient")),
    );
    const startsAt = "2030-01-09T10:00:00.000Z";
    const results = await Promise.allSettled(
      patients.map((p) =>
        api.caller(p).appointments.create({ dentistId: d.id, typeId: c.types.checkup, startsAt }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        await expectError(
          Promise.reject(r.reason),
          "SLOT_UNAVAILABLE",
          "That time is no longer available",
        );
      }
    }
    expect(await api.deps.db.appointment.count({ where: { dentistId: d.id } })).toBe(1);
    const created = await api.deps.db.realtimeEvent.count({
      where: {
        eventType: "appointment.created",
        channels: { has: channels.appointmentsOfDentist(d.id) },
      },
    });
    expect(created).toBe(1);
  });

  it("lets one of overlapping bookings of different lengths win", async () => {
    const d = await createDentist(api);
    const [a, b] = [await createUser(api, "patient"), await createUser(api, "patient")];
    const results = await Promise.allSettled([
      api.caller(a).appointments.create({
        dentistId: d.id,
        typeId: c.types.root_canal,
        startsAt: "2030-01-09T09:00:00.000Z",
      }),
      api.caller(b).appointments.create({
        dentistId: d.id,
        typeId: c.types.checkup,
        startsAt: "2030-01-09T10:00:00.000Z",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("appointments.list", () => {
  let d: Who;
  let p1: Who;
  let p2: Who;
  const ids: string[] = [];

  beforeAll(async () => {
    d = await createDentist(api);
    const d2 = await createDentist(api);
    p1 = await createUser(api, "patient");
    p2 = await createUser(api, "patient");
    const book = async (who: Who, dentistId: string, startsAt: string) => {
      const a = await api
        .caller(who)
        .appointments.create({ dentistId, typeId: c.types.checkup, startsAt });
      ids.push(a.id);
      return a;
    };
    await book(p1, d.id, "2030-01-10T11:00:00.000Z");
    await book(p1, d.id, "2030-01-10T09:00:00.000Z");
    await book(p2, d.id, "2030-01-10T10:00:00.000Z");
    await book(p1, d2.id, "2030-01-11T09:00:00.000Z");
    const cancelled = await book(p2, d2.id, "2030-01-11T10:00:00.000Z");
    await api.caller(p2).appointments.cancel({ id: cancelled.id });
  });

  it("shows a patient only their own, in start order, with pagination", async () => {
    const page1 = await api.caller(p1).appointments.list({ limit: 2 });
    expect(page1.pagination).toEqual({ total: 3, limit: 2, offset: 0, hasMore: true });
    expect(page1.data.map((a) => a.startsAt)).toEqual([
      "2030-01-10T09:00:00.000Z",
      "2030-01-10T11:00:00.000Z",
    ]);
    const page2 = await api.caller(p1).appointments.list({ limit: 2, offset: 2 });
    expect(page2.pagination).toEqual({ total: 3, limit: 2, offset: 2, hasMore: false });
    expect(page2.data).toHaveLength(1);
    expect([...page1.data, ...page2.data].every((a) => a.patientId === p1.id)).toBe(true);
    const defaults = await api.caller(p1).appointments.list();
    expect(defaults.pagination).toMatchObject({ limit: 20, offset: 0, total: 3 });
    await expectError(api.caller(p1).appointments.list({ patientId: p2.id }), "FORBIDDEN");
  });

  it("shows a dentist only their own; admins see all and may filter", async () => {
    const mine = await api.caller(d).appointments.list({});
    expect(mine.pagination.total).toBe(3);
    expect(mine.data.every((a) => a.dentistId === d.id)).toBe(true);
    const onePatient = await api.caller(d).appointments.list({ patientId: p2.id });
    expect(onePatient.data.map((a) => a.patientId)).toEqual([p2.id]);
    await expectError(api.caller(d).appointments.list({ dentistId: c.dentist.id }), "FORBIDDEN");
    const all = await api.caller(c.admin).appointments.list({ patientId: p1.id });
    expect(all.pagination.total).toBe(3);
    const byDentist = await api
      .caller(c.admin)
      .appointments.list({ dentistId: d.id, patientId: p1.id });
    expect(byDentist.pagination.total).toBe(2);
  });

  it("filters by status (list or comma-separated) and by date", async () => {
    const cancelled = await api.caller(p2).appointments.list({ status: ["cancelled"] });
    expect(cancelled.data.map((a) => a.status)).toEqual(["cancelled"]);
    const comma = await api.caller(p2).appointments.list({ status: "pending,cancelled" });
    expect(comma.pagination.total).toBe(2);
    await expectError(
      api.caller(p2).appointments.list({ status: "pending,nope" }),
      "VALIDATION_ERROR",
    );
    const day = await api
      .caller(p1)
      .appointments.list({ dateFrom: "2030-01-10", dateTo: "2030-01-10" });
    expect(day.pagination.total).toBe(2);
    const instants = await api.caller(p1).appointments.list({
      dateFrom: "2030-01-10T10:00:00Z",
      dateTo: "2030-01-11T09:00:00Z",
    });
    expect(instants.data.map((a) => a.startsAt)).toEqual([
      "2030-01-10T11:00:00.000Z",
      "2030-01-11T09:00:00.000Z",
    ]);
  });

  it("accepts query-string shaped input (numbers as strings)", async () => {
    const r = await api.caller(p1).appointments.list({ limit: "1", offset: "1" });
    expect(r.pagination).toEqual({ total: 3, limit: 1, offset: 1, hasMore: true });
    await expectError(api.caller(p1).appointments.list({ limit: 0 }), "VALIDATION_ERROR");
    await expectError(api.caller(p1).appointments.list({ limit: 101 }), "VALIDATION_ERROR");
  });
});

describe("appointments.byId", () => {
  it("returns an appointment to its patient, its dentist and admins only", async () => {
    const d = await createDentist(api);
    const a = await api.caller(c.patient).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-14T09:00:00.000Z",
    });
    await expect(api.caller(c.patient).appointments.byId({ id: a.id })).resolves.toEqual(a);
    await expect(api.caller(d).appointments.byId({ id: a.id })).resolves.toEqual(a);
    await expect(api.caller(c.admin).appointments.byId({ id: a.id })).resolves.toEqual(a);
    await expectError(api.caller(c.otherPatient).appointments.byId({ id: a.id }), "FORBIDDEN");
    await expectError(api.caller(c.otherDentist).appointments.byId({ id: a.id }), "FORBIDDEN");
    await expectError(api.caller(c.admin).appointments.byId({ id: MISSING }), "NOT_FOUND");
    await expectError(
      api.caller(c.admin).appointments.byId({ id: "not-a-uuid" }),
      "VALIDATION_ERROR",
    );
  });
});

describe("appointmentTypes.list", () => {
  it("lists the types for any signed-in user", async () => {
    const types = await api.caller(c.patient).appointmentTypes.list();
    expect(types.map((t) => t.code)).toEqual([
      "checkup",
      "emergency",
      "cleaning",
      "filling",
      "root_canal",
    ]);
    expect(types[0]).toEqual({
      id: c.types.checkup,
      code: "checkup",
      name: "Checkup",
      durationMinutes: 30,
    });
    await expectError(api.caller(null).appointmentTypes.list(), "UNAUTHORIZED");
  });
});
