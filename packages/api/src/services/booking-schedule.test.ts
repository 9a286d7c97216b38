import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clinic, expectError } from "../routers/booking.testkit.ts";
import { createDentist, createTestApi, type TestApi } from "../testing/index.ts";
import { cachesFor } from "./cache.ts";

// The schedule a booking judges its slot by comes from a cache; the booking statement checks
// it against the rows under the dentist's lock, so a stale cache costs a retry, never a
// wrong answer.

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

describe("the cached schedule", () => {
  it("serves bookings after the first from the cache", async () => {
    const d = await createDentist(api);
    const caches = cachesFor(api.deps);
    await api.caller(c.patient).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-09T09:00:00.000Z",
    });
    const hits = caches.schedules.hits;
    await api.caller(c.patient).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-01-09T10:00:00.000Z",
    });
    expect(caches.schedules.hits).toBe(hits + 1);
  });

  it("is only a hint: hours changed behind its back decide, in the dentist's zone as it is now", async () => {
    const d = await createDentist(api);
    const book = (startsAt: string, who = c.patient) =>
      api.caller(who).appointments.create({ dentistId: d.id, typeId: c.types.checkup, startsAt });
    await book("2030-01-08T09:00:00.000Z");

    // Straight into the database: no change event reaches the cache.
    await api.db.prisma.availabilityRange.deleteMany({ where: { dentistId: d.id, weekday: 2 } });
    await api.db.prisma.availabilityRange.create({
      data: { dentistId: d.id, weekday: 2, startMinute: 18 * 60, endMinute: 20 * 60 },
    });
    expect((await book("2030-01-08T18:00:00.000Z")).startsAt).toBe("2030-01-08T18:00:00.000Z");
    await expectError(book("2030-01-08T10:00:00.000Z"), "SLOT_UNAVAILABLE");

    await api.db.prisma.availabilityException.create({
      data: { dentistId: d.id, date: new Date("2030-01-08T00:00:00Z"), closed: true },
    });
    await expectError(book("2030-01-08T19:00:00.000Z", c.otherPatient), "SLOT_UNAVAILABLE");

    // Wednesday 09:00 UTC is 04:00 in New York; 21:00 UTC is 16:00 there.
    await api.db.prisma.dentist.update({
      where: { id: d.id },
      data: { timeZone: "America/New_York" },
    });
    await expectError(book("2030-01-09T09:00:00.000Z"), "SLOT_UNAVAILABLE");
    expect((await book("2030-01-09T21:00:00.000Z")).startsAt).toBe("2030-01-09T21:00:00.000Z");
  });

  it("learns a changed duration from the database", async () => {
    const d = await createDentist(api);
    const type = await api.db.prisma.appointmentType.create({
      data: { code: `tmp-${Date.now()}`, name: "Changing", durationMinutes: 30 },
    });
    const book = (startsAt: string) =>
      api.caller(c.patient).appointments.create({ dentistId: d.id, typeId: type.id, startsAt });
    await book("2030-01-10T09:00:00.000Z");
    await api.db.prisma.appointmentType.update({
      where: { id: type.id },
      data: { durationMinutes: 90 },
    });
    // 11:00–12:30 would run past the end of the morning's hours.
    await expectError(book("2030-01-10T11:00:00.000Z"), "SLOT_UNAVAILABLE");
    const ok = await book("2030-01-10T10:00:00.000Z");
    expect(ok.endsAt).toBe("2030-01-10T11:30:00.000Z");
  });
});
