import { Prisma } from "@dentalcare/db";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queryNamingScope, runWithDbScope } from "../db-scope.ts";
import { AppError, toErrorBody } from "../errors.ts";
import type { NewEvent } from "../realtime/event-types.ts";
import {
  clinic,
  eventCursor,
  eventsAfter,
  expectError,
  failure,
} from "../routers/booking.testkit.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { emitAppointmentChange, emitAppointmentSlot, emitHoldConverted } from "./booking-events.ts";
import { knownScheduleFacts, slotFits } from "./booking-schedule.ts";
import { bookInOneStatement } from "./booking-statement.ts";
import { SLOT_UNAVAILABLE_MESSAGE } from "./db-errors.ts";
import { bookingWindow } from "./free-slots.ts";
import {
  appointmentSelect,
  reservationSelect,
  toAppointmentView,
  toReservationView,
} from "./views.ts";

// The booking statement (app_book_appointment) against the API's own definitions: the view it
// builds, the events it writes and when, the locks it takes, and what it makes of a cache
// that is behind the database.

const NOW = "2030-01-07T08:00:00Z";
let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;
const lockHolders: pg.Client[] = [];

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
});
afterEach(async () => {
  api.clock.set(NOW);
  for (const client of lockHolders.splice(0)) await client.end();
});
afterAll(async () => {
  await api.close();
});

/** Holds an advisory lock from another connection until the returned release. */
async function holdLock(sql: string, params: unknown[]): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: api.db.url });
  lockHolders.push(client);
  await client.connect();
  await client.query("BEGIN");
  await client.query(sql, params);
  return async () => {
    await client.query("COMMIT");
  };
}

const holdDentistLock = (dentistId: string) =>
  holdLock("SELECT pg_advisory_xact_lock(hashtext($1))", [dentistId.toLowerCase()]);

/** A booking request as createAppointment makes it, for a patient booking for themselves. */
async function patientRequest(dentistId: string, startsAt: Date, lockWaitMs: number) {
  const now = api.clock.now();
  const schedule = await knownScheduleFacts(api.deps, {
    dentistId,
    typeId: c.types.checkup,
    startsAt,
    now,
  });
  return {
    actorId: c.patient.id,
    now,
    patientId: c.patient.id,
    dentistId,
    typeId: c.types.checkup,
    startsAt,
    reservationId: undefined,
    status: "pending" as const,
    source: "patient_app" as const,
    notes: null,
    patientNotes: null,
    medicalHistory: null,
    staff: false,
    schedule,
    fits: slotFits(schedule, { startsAt, ...bookingWindow(api.deps, now, 0) }),
    lockWaitMs,
  };
}

const asPatient = <T>(work: () => Promise<T>) =>
  runWithDbScope({ userId: c.patient.id, role: "patient" }, work);

describe("the booking statement", () => {
  it("answers with the API's appointment view and writes the API's events in the booking's own transaction", async () => {
    const d = await createDentist(api, { fullName: "Dr Statement" });
    const startsAt = "2030-01-08T10:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.cleaning });
    const cursor = await eventCursor(api);
    const result = await api.caller(c.patient).appointments.create({
      dentistId: d.id,
      typeId: c.types.cleaning,
      startsAt,
      patientNotes: 'Läuft "gut" \\ ok',
      medicalHistory: "None",
      reservationId: hold.id,
    });
    const events = await eventsAfter(api, cursor);

    const row = await api.db.prisma.appointment.findUniqueOrThrow({
      where: { id: result.id },
      select: appointmentSelect,
    });
    expect(result).toStrictEqual(toAppointmentView(row));

    const converted = await api.db.prisma.slotReservation.findUniqueOrThrow({
      where: { id: hold.id },
      select: reservationSelect,
    });
    const expected: NewEvent[] = [];
    const emit = (e: NewEvent) => expected.push(e);
    emitHoldConverted(emit, toReservationView(converted), result.id);
    emitAppointmentChange(emit, { type: "appointment.created", payload: { appointment: result } });
    emitAppointmentSlot(emit, result, result, "taken", "booking");
    expect(
      events.map(({ type, table, recordId, channels, payload }) => ({
        type,
        table,
        recordId,
        channels,
        payload,
      })),
    ).toStrictEqual(expected.map((e) => JSON.parse(JSON.stringify(e))));
    expect(events.every((e) => e.actorId === c.patient.id)).toBe(true);
  });

  it("builds the view of a staff booking with every optional field empty", async () => {
    const d = await createDentist(api);
    const result = await api.caller(c.admin).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-08T13:00:00.000Z",
      patientId: c.otherPatient.id,
    });
    const row = await api.db.prisma.appointment.findUniqueOrThrow({
      where: { id: result.id },
      select: appointmentSelect,
    });
    expect(result).toStrictEqual(toAppointmentView(row));
    expect(result).toMatchObject({ status: "confirmed", source: "admin", notes: null });
  });

  it("refuses a time somebody already has without queueing for the dentist's lock", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T11:00:00.000Z";
    const input = { dentistId: d.id, typeId: c.types.checkup, startsAt };
    await api.caller(c.patient).appointments.create(input);

    const release = await holdDentistLock(d.id);
    const started = Date.now();
    const fastLoser = await failure(api.caller(c.otherPatient).appointments.create(input));
    expect(Date.now() - started).toBeLessThan(2_000);
    // The same answer as any other loser's: no details that a screen would have to handle.
    const { timestamp, ...fast } = fastLoser;
    expect(fast).toStrictEqual({ code: "SLOT_UNAVAILABLE", message: SLOT_UNAVAILABLE_MESSAGE });
    expect(Date.parse(timestamp)).not.toBeNaN();

    // A free time still waits for the lock: the check that decides runs under it.
    let settled = false;
    const winner = api
      .caller(c.otherPatient)
      .appointments.create({ ...input, startsAt: "2030-01-08T11:30:00.000Z" })
      .finally(() => {
        settled = true;
      });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await release();
    expect((await winner).startsAt).toBe("2030-01-08T11:30:00.000Z");
  });

  it("answers 503 when a lock does not come within the booking's wait", async () => {
    const d = await createDentist(api);
    const release = await holdDentistLock(d.id);
    const request = await patientRequest(d.id, new Date("2030-01-08T14:00:00Z"), 100);
    const error = await asPatient(() => bookInOneStatement(api.deps, request)).catch(
      (e: unknown) => e,
    );
    await release();
    expect(error).toBeInstanceOf(AppError);
    expect(toErrorBody(error)).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      details: { retryAfterSeconds: expect.any(Number) },
    });
  });

  it("books nothing when its events cannot be written: they share one transaction", async () => {
    const d = await createDentist(api);
    const startsAt = new Date("2030-01-08T16:00:00Z");
    const request = await patientRequest(d.id, startsAt, 200);
    expect(request.fits).toBe(true);
    // Another transaction keeps every writer out of the change log.
    const release = await holdLock("LOCK TABLE realtime_events IN SHARE MODE", []);
    const error = await asPatient(() => bookInOneStatement(api.deps, request)).catch(
      (e: unknown) => e,
    );
    await release();
    expect(toErrorBody(error).code).toBe("SERVICE_UNAVAILABLE");
    expect(await api.db.prisma.appointment.count({ where: { dentistId: d.id } })).toBe(0);
    // Nothing was left half done: the same request books once the log is free again.
    const booked = await asPatient(() => bookInOneStatement(api.deps, request));
    expect(booked).toMatchObject({
      outcome: "booked",
      appointment: { startsAt: startsAt.toISOString() },
    });
  });

  it("rolls the whole booking back when the exclusion constraint finds an overlap", async () => {
    const d = await createDentist(api);
    const startsAt = "2030-01-08T15:00:00.000Z";
    const hold = await api
      .caller(c.patient)
      .reservations.hold({ dentistId: d.id, startsAt, typeId: c.types.checkup });
    // Written around every check (the owner's connection): only the constraint can see it.
    await api.db.prisma.appointment.create({
      data: {
        patientId: c.otherPatient.id,
        dentistId: d.id,
        typeId: c.types.checkup,
        startsAt: new Date("2030-01-08T15:15:00Z"),
        endsAt: new Date("2030-01-08T15:45:00Z"),
        source: "admin",
      },
    });
    const cursor = await eventCursor(api);
    await expectError(
      api.caller(c.patient).appointments.create({
        dentistId: d.id,
        typeId: c.types.checkup,
        startsAt,
        reservationId: hold.id,
      }),
      "SLOT_UNAVAILABLE",
      SLOT_UNAVAILABLE_MESSAGE,
    );
    const after = await api.db.prisma.slotReservation.findUniqueOrThrow({ where: { id: hold.id } });
    expect(after.status).toBe("held");
    expect(await eventsAfter(api, cursor)).toEqual([]);
    expect(
      await api.db.prisma.appointment.count({
        where: { dentistId: d.id, patientId: c.patient.id },
      }),
    ).toBe(0);
  });
});

describe("queryNamingScope", () => {
  it("hands the statement the procedure's user, and nobody outside a procedure", async () => {
    const patient = await createUser(api, "patient");
    const ask = () =>
      queryNamingScope<{ userId: string | null; role: string }>(
        api.deps.db,
        (scope) => Prisma.sql`SELECT ${scope.userId}::text AS "userId", ${scope.role} AS role`,
      );
    expect(await runWithDbScope({ userId: patient.id, role: "patient" }, ask)).toStrictEqual([
      { userId: patient.id, role: "patient" },
    ]);
    expect(await ask()).toStrictEqual([{ userId: null, role: "none" }]);
  });
});
