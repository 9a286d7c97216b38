import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clinic, failure } from "../routers/booking.testkit.ts";
import { createDentist, createTestApi, type TestApi } from "../testing/index.ts";

// The booking statement answers a refusal with a word; the API turns each into the error
// body it has always sent, and checks in the order it always has.

const NOW = "2030-01-07T08:00:00Z";
let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
});
afterEach(() => api.clock.set(NOW));
afterAll(async () => {
  await api.close();
});

describe("the statement's refusals", () => {
  const MISSING = "00000000-0000-4000-8000-000000000000";
  const bodyOf = async (promise: Promise<unknown>) => {
    const { timestamp: _, ...body } = await failure(promise);
    return body;
  };

  it("become the API's errors, in the API's order of checks", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T09:30:00.000Z";
    const staff = api.caller(c.admin).appointments;
    const base = { dentistId: d.id, typeId: c.types.checkup, startsAt, patientId: c.patient.id };
    const notFound = (message: string) => ({ code: "NOT_FOUND", message });
    expect(await bodyOf(staff.create({ ...base, patientId: MISSING }))).toStrictEqual(
      notFound("Patient not found"),
    );
    expect(await bodyOf(staff.create({ ...base, patientId: c.otherDentist.id }))).toStrictEqual(
      notFound("Patient not found"),
    );
    expect(
      await bodyOf(
        staff.create({ ...base, patientId: MISSING, typeId: MISSING, dentistId: MISSING }),
      ),
    ).toStrictEqual(notFound("Patient not found"));
    expect(
      await bodyOf(staff.create({ ...base, typeId: MISSING, dentistId: MISSING })),
    ).toStrictEqual(notFound("Appointment type not found"));
    expect(await bodyOf(staff.create({ ...base, dentistId: MISSING }))).toStrictEqual(
      notFound("Dentist not found"),
    );
  });

  it("say why a named hold cannot be booked", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T16:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    const input = { dentistId: d.id, typeId: c.types.checkup, startsAt, reservationId: hold.id };
    expect(await bodyOf(api.caller(c.otherPatient).appointments.create(input))).toStrictEqual({
      code: "NOT_FOUND",
      message: "Hold not found",
    });
    expect(
      await bodyOf(
        api.caller(c.patient).appointments.create({ ...input, dentistId: c.dentist.id }),
      ),
    ).toStrictEqual({
      code: "VALIDATION_ERROR",
      message: "The hold is for another dentist, time or type",
      details: { fields: { reservationId: ["does not match dentistId, startsAt and typeId"] } },
    });
    api.clock.advance(api.deps.config.holdTtlSeconds * 1000);
    expect(await bodyOf(api.caller(c.patient).appointments.create(input))).toStrictEqual({
      code: "SLOT_UNAVAILABLE",
      message: "Your hold on this time has expired",
      details: { reservationStatus: "expired" },
    });
    api.clock.set(NOW);
    await api.caller(c.patient).reservations.release({ id: hold.id });
    expect(await bodyOf(api.caller(c.patient).appointments.create(input))).toStrictEqual({
      code: "SLOT_UNAVAILABLE",
      message: "Your hold on this time has expired",
      details: { reservationStatus: "released" },
    });
  });
});
