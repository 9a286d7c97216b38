import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channels } from "../realtime/channels.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { clinic, expectError, withEvents } from "./booking.testkit.ts";

const H = 60;
let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;

beforeAll(async () => {
  api = await createTestApi({ now: "2030-01-07T08:00:00Z" });
  c = await clinic(api);
});
afterAll(async () => {
  await api.close();
});

const slotTimes = (r: { slots: { localTime: string }[] }) => r.slots.map((s) => s.localTime);

describe("availability.get", () => {
  it("returns the weekly schedule to any signed-in user, and needs a token", async () => {
    const schedule = await api.caller(c.patient).availability.get({ dentistId: c.dentist.id });
    expect(schedule).toMatchObject({
      dentistId: c.dentist.id,
      timeZone: "Europe/London",
      slotMinutes: 15,
      version: 1,
      exceptions: [],
    });
    expect(schedule.weekly).toHaveLength(10);
    expect(schedule.weekly[0]).toEqual({ weekday: 1, startMinute: 9 * H, endMinute: 12 * H });
    await expectError(
      api.caller(null).availability.get({ dentistId: c.dentist.id }),
      "UNAUTHORIZED",
    );
  });

  it("says NOT_FOUND for an unknown dentist", async () => {
    await expectError(
      api.caller(c.patient).availability.get({ dentistId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });
});

describe("availability.update", () => {
  it("lets the dentist replace their weekly hours, bumps the version and announces it", async () => {
    const d = await createDentist(api);
    const { result, events } = await withEvents(api, () =>
      api.caller(d).availability.update({
        dentistId: d.id,
        weekly: [
          { weekday: 2, startMinute: 8 * H, endMinute: 12 * H },
          { weekday: 1, startMinute: 10 * H, endMinute: 14 * H },
        ],
        slotMinutes: 30,
        expectedVersion: 1,
      }),
    );
    expect(result.version).toBe(2);
    expect(result.slotMinutes).toBe(30);
    expect(result.weekly).toEqual([
      { weekday: 1, startMinute: 10 * H, endMinute: 14 * H },
      { weekday: 2, startMinute: 8 * H, endMinute: 12 * H },
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "availability.updated",
      table: "dentists",
      recordId: d.id,
      actorId: d.id,
      payload: { schedule: result },
    });
    expect(events[0]?.channels.sort()).toEqual(
      [
        channels.availabilityOfDentist(d.id),
        channels.availabilityGlobal(),
        channels.slotsOfDentist(d.id),
        channels.slotsGlobal(),
      ].sort(),
    );
    const slots = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-01-08" });
    expect(slotTimes(slots)[0]).toBe("08:00");
    expect(slotTimes(slots)).toContain("11:30");
    expect(slotTimes(slots)).not.toContain("08:15");
  });

  it("refuses a stale expectedVersion with CONFLICT", async () => {
    const d = await createDentist(api);
    const weekly = [{ weekday: 1, startMinute: 9 * H, endMinute: 10 * H }];
    await api.caller(d).availability.update({ dentistId: d.id, weekly, expectedVersion: 1 });
    const err = await expectError(
      api.caller(d).availability.update({ dentistId: d.id, weekly, expectedVersion: 1 }),
      "CONFLICT",
    );
    expect(err.details).toEqual({ currentVersion: 2 });
  });

  it("allows only the dentist themself or an admin", async () => {
    const d = await createDentist(api);
    const weekly = [{ weekday: 3, startMinute: 9 * H, endMinute: 10 * H }];
    await expectError(
      api.caller(c.otherDentist).availability.update({ dentistId: d.id, weekly }),
      "FORBIDDEN",
    );
    await expectError(
      api.caller(c.patient).availability.update({ dentistId: d.id, weekly }),
      "FORBIDDEN",
    );
    const byAdmin = await api.caller(c.admin).availability.update({ dentistId: d.id, weekly });
    expect(byAdmin.weekly).toEqual(weekly);
  });

  it("rejects ranges that overlap, run backwards or leave the day", async () => {
    const d = await createDentist(api);
    const overlap = await expectError(
      api.caller(d).availability.update({
        dentistId: d.id,
        weekly: [
          { weekday: 1, startMinute: 9 * H, endMinute: 12 * H },
          { weekday: 1, startMinute: 11 * H, endMinute: 13 * H },
        ],
      }),
      "VALIDATION_ERROR",
    );
    expect(JSON.stringify(overlap.details)).toContain("must not overlap");
    await expectError(
      api.caller(d).availability.update({
        dentistId: d.id,
        weekly: [{ weekday: 1, startMinute: 12 * H, endMinute: 9 * H }],
      }),
      "VALIDATION_ERROR",
    );
    await expectError(
      api.caller(d).availability.update({
        dentistId: d.id,
        weekly: [{ weekday: 8, startMinute: 9 * H, endMinute: 1441 }],
      }),
      "VALIDATION_ERROR",
    );
    // The same hours on different weekdays are fine.
    const ok = await api.caller(d).availability.update({
      dentistId: d.id,
      weekly: [
        { weekday: 1, startMinute: 9 * H, endMinute: 12 * H },
        { weekday: 2, startMinute: 9 * H, endMinute: 12 * H },
      ],
    });
    expect(ok.weekly).toHaveLength(2);
  });
});

describe("availability exceptions", () => {
  it("closes a day, then special hours replace the weekly ones, and removal restores them", async () => {
    const d = await createDentist(api);
    const date = "2030-01-09";
    const closed = await withEvents(api, () =>
      api
        .caller(d)
        .availability.addException({ dentistId: d.id, date, closed: true, reason: "Training" }),
    );
    expect(closed.result.exceptions).toEqual([
      expect.objectContaining({ date, closed: true, startMinute: null, reason: "Training" }),
    ]);
    expect(closed.result.version).toBe(2);
    expect(closed.events.map((e) => e.type)).toEqual(["availability.updated"]);
    expect(closed.events[0]?.channels).toContain(channels.slotsOfDentist(d.id));
    const none = await api.caller(c.patient).availability.slots({ dentistId: d.id, date });
    expect(none.slots).toEqual([]);

    const special = await api.caller(c.admin).availability.addException({
      dentistId: d.id,
      date,
      startMinute: 14 * H,
      endMinute: 15 * H,
    });
    expect(special.exceptions).toHaveLength(1);
    expect(special.exceptions[0]).toMatchObject({ closed: false, startMinute: 14 * H });
    const afternoon = await api.caller(c.patient).availability.slots({ dentistId: d.id, date });
    expect(slotTimes(afternoon)).toEqual(["14:00", "14:15", "14:30"]);

    await expectError(
      api.caller(d).availability.addException({
        dentistId: d.id,
        date,
        startMinute: 14 * H + 30,
        endMinute: 16 * H,
      }),
      "VALIDATION_ERROR",
    );
    const exceptionId = special.exceptions[0]?.id ?? "";
    await expectError(
      api.caller(c.otherDentist).availability.removeException({ id: exceptionId }),
      "FORBIDDEN",
    );
    const removed = await api.caller(d).availability.removeException({ id: exceptionId });
    expect(removed.exceptions).toEqual([]);
    const weekly = await api.caller(c.patient).availability.slots({ dentistId: d.id, date });
    expect(weekly.slots).toHaveLength(26);
    await expectError(api.caller(d).availability.removeException({ id: exceptionId }), "NOT_FOUND");
  });

  it("validates the shape of an exception", async () => {
    await expectError(
      api
        .caller(c.dentist)
        .availability.addException({ dentistId: c.dentist.id, date: "2030-01-10" }),
      "VALIDATION_ERROR",
    );
    await expectError(
      api.caller(c.dentist).availability.addException({
        dentistId: c.dentist.id,
        date: "2030-01-10",
        closed: true,
        startMinute: 60,
      }),
      "VALIDATION_ERROR",
    );
    await expectError(
      api.caller(c.dentist).availability.addException({
        dentistId: c.dentist.id,
        date: "2030-02-30",
        closed: true,
      }),
      "VALIDATION_ERROR",
    );
  });
});

describe("availability.slots", () => {
  it("lists a working day's slots and none on a weekend", async () => {
    const monday = await api.caller(c.patient).availability.slots({
      dentistId: c.dentist.id,
      date: "2030-01-14",
    });
    expect(monday).toMatchObject({
      dentistId: c.dentist.id,
      timeZone: "Europe/London",
      durationMinutes: 30,
    });
    expect(monday.slots).toHaveLength(26);
    const sunday = await api.caller(c.patient).availability.slots({
      dentistId: c.dentist.id,
      date: "2030-01-13",
    });
    expect(sunday.slots).toEqual([]);
  });

  it("uses the appointment type's duration, or durationMinutes", async () => {
    const filling = await api.caller(c.patient).availability.slots({
      dentistId: c.dentist.id,
      date: "2030-01-14",
      typeId: c.types.filling,
    });
    expect(filling.durationMinutes).toBe(60);
    expect(
      slotTimes(filling)
        .filter((t) => t < "12:00")
        .at(-1),
    ).toBe("11:00");
    const custom = await api.caller(c.patient).availability.slots({
      dentistId: c.dentist.id,
      date: "2030-01-14",
      durationMinutes: 120,
    });
    expect(slotTimes(custom).filter((t) => t < "12:00")).toEqual([
      "09:00",
      "09:15",
      "09:30",
      "09:45",
      "10:00",
    ]);
    await expectError(
      api.caller(c.patient).availability.slots({
        dentistId: c.dentist.id,
        date: "2030-01-14",
        typeId: c.types.filling,
        durationMinutes: 60,
      }),
      "VALIDATION_ERROR",
    );
  });

  it("hides the past and the minimum notice from patients, only the past from staff", async () => {
    api.clock.set("2030-01-07T09:20:00Z");
    try {
      const patient = await api.caller(c.patient).availability.slots({
        dentistId: c.dentist.id,
        date: "2030-01-07",
      });
      // now + 60 minutes of notice = 10:20; the first grid start after it is 10:30.
      expect(slotTimes(patient)[0]).toBe("10:30");
      const staff = await api.caller(c.dentist).availability.slots({
        dentistId: c.dentist.id,
        date: "2030-01-07",
      });
      expect(slotTimes(staff)[0]).toBe("09:30");
    } finally {
      api.clock.set("2030-01-07T08:00:00Z");
    }
  });

  it("offers nothing beyond the booking horizon", async () => {
    // maxAdvanceDays is 180: 2030-07-05 is 179 days ahead, 2030-07-08 is 182.
    const inside = await api.caller(c.patient).availability.slots({
      dentistId: c.dentist.id,
      date: "2030-07-05",
    });
    expect(inside.slots.length).toBeGreaterThan(0);
    const beyond = await api.caller(c.patient).availability.slots({
      dentistId: c.dentist.id,
      date: "2030-07-08",
    });
    expect(beyond.slots).toEqual([]);
  });

  it("offers nothing for an inactive dentist", async () => {
    const d = await createDentist(api);
    await api.deps.db.dentist.update({ where: { id: d.id }, data: { active: false } });
    const r = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-01-14" });
    expect(r.slots).toEqual([]);
  });

  it("hides active appointments but not cancelled ones", async () => {
    const d = await createDentist(api);
    const patient = await createUser(api, "patient");
    const base = {
      patientId: patient.id,
      dentistId: d.id,
      typeId: c.types.checkup,
      source: "admin" as const,
    };
    await api.deps.db.appointment.create({
      data: {
        ...base,
        startsAt: new Date("2030-01-14T09:00:00Z"),
        endsAt: new Date("2030-01-14T09:30:00Z"),
        status: "confirmed",
      },
    });
    await api.deps.db.appointment.create({
      data: {
        ...base,
        startsAt: new Date("2030-01-14T10:00:00Z"),
        endsAt: new Date("2030-01-14T10:30:00Z"),
        status: "cancelled",
        cancelledAt: new Date("2030-01-06T00:00:00Z"),
      },
    });
    const r = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-01-14" });
    expect(slotTimes(r).slice(0, 4)).toEqual(["09:30", "09:45", "10:00", "10:15"]);
  });
});

describe("availability.slots across daylight-saving changes", () => {
  // A week before each change, so the date lies inside the booking horizon.
  afterEach(() => api.clock.set("2030-01-07T08:00:00Z"));
  async function nightOwl(
    timeZone: string,
    weekly: { weekday: number; startMinute: number; endMinute: number }[],
  ) {
    const d = await createDentist(api, { timeZone });
    await api.caller(d).availability.update({ dentistId: d.id, weekly, slotMinutes: 30 });
    return d;
  }

  it("skips the missing hour on London's spring-forward Sunday (2030-03-31)", async () => {
    const d = await nightOwl("Europe/London", [{ weekday: 7, startMinute: 0, endMinute: 4 * H }]);
    const r = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-03-31" });
    expect(slotTimes(r)).toEqual(["00:00", "00:30", "02:00", "02:30", "03:00", "03:30"]);
    expect(r.slots.map((s) => s.startsAt)).toEqual([
      "2030-03-31T00:00:00.000Z",
      "2030-03-31T00:30:00.000Z",
      "2030-03-31T01:00:00.000Z",
      "2030-03-31T01:30:00.000Z",
      "2030-03-31T02:00:00.000Z",
      "2030-03-31T02:30:00.000Z",
    ]);
  });

  it("offers both 01:30s on London's fall-back Sunday (2030-10-27), and both can be booked", async () => {
    api.clock.set("2030-10-20T08:00:00Z");
    const d = await nightOwl("Europe/London", [
      { weekday: 7, startMinute: 1 * H, endMinute: 2 * H },
    ]);
    const r = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-10-27" });
    expect(r.slots.map((s) => [s.localTime, s.startsAt])).toEqual([
      ["01:00", "2030-10-27T00:00:00.000Z"],
      ["01:30", "2030-10-27T00:30:00.000Z"],
      ["01:00", "2030-10-27T01:00:00.000Z"],
      ["01:30", "2030-10-27T01:30:00.000Z"],
    ]);
    const first = await api.caller(c.patient).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-10-27T00:30:00.000Z",
    });
    const second = await api.caller(c.otherPatient).appointments.create({
      dentistId: d.id,
      typeId: c.types.checkup,
      startsAt: "2030-10-27T01:30:00.000Z",
    });
    expect(first.id).not.toBe(second.id);
    const after = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-10-27" });
    expect(after.slots.map((s) => s.startsAt)).toEqual([
      "2030-10-27T00:00:00.000Z",
      "2030-10-27T01:00:00.000Z",
    ]);
  });

  it("handles New York's spring-forward (2030-03-10) and fall-back (2030-11-03) Sundays", async () => {
    const d = await nightOwl("America/New_York", [
      { weekday: 7, startMinute: 1 * H, endMinute: 4 * H },
    ]);
    const spring = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-03-10" });
    expect(slotTimes(spring)).toEqual(["01:00", "01:30", "03:00", "03:30"]);
    expect(spring.slots[2]?.startsAt).toBe("2030-03-10T07:00:00.000Z");
    api.clock.set("2030-10-27T08:00:00Z");
    const fall = await api
      .caller(c.patient)
      .availability.slots({ dentistId: d.id, date: "2030-11-03" });
    expect(slotTimes(fall)).toEqual([
      "01:00",
      "01:30",
      "01:00",
      "01:30",
      "02:00",
      "02:30",
      "03:00",
      "03:30",
    ]);
    expect(new Set(fall.slots.map((s) => s.startsAt)).size).toBe(8);
  });
});
