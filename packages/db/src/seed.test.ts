import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyPassword } from "./passwords.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  localParts,
  MAIN_DEMO_PATIENT_EMAIL,
  type SeedResult,
  seedDemoData,
  zonedTimeToUtc,
} from "./seed.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// A Friday between the US (8 March) and UK (29 March) clock changes, so the book spans both.
const NOW = new Date("2026-03-20T10:00:00Z");
const cluster = () => ({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });

let db: TestDatabase;
let result: SeedResult;

beforeAll(async () => {
  db = await createTestDatabase(cluster());
  result = await seedDemoData(db.prisma, { now: NOW });
});

afterAll(async () => {
  await db.drop();
});

/** Wall clock of `instant` in `timeZone`, read straight from Intl (independent of the seeder). */
function wallClock(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")) + 1,
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

async function tableCounts(t: TestDatabase) {
  const p = t.prisma;
  return {
    users: await p.user.count(),
    dentists: await p.dentist.count(),
    ranges: await p.availabilityRange.count(),
    exceptions: await p.availabilityException.count(),
    types: await p.appointmentType.count(),
    appointments: await p.appointment.count(),
    events: await p.realtimeEvent.count(),
    lastChange: (await p.appointment.aggregate({ _max: { updatedAt: true } }))._max.updatedAt,
  };
}

describe("local time helpers", () => {
  it("convert a dentist's wall-clock time to the right UTC instant across DST changes", () => {
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 27 }, 540, "Europe/London")).toEqual(
      new Date("2026-03-27T09:00:00Z"),
    );
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 30 }, 540, "Europe/London")).toEqual(
      new Date("2026-03-30T08:00:00Z"),
    );
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 6 }, 540, "America/New_York")).toEqual(
      new Date("2026-03-06T14:00:00Z"),
    );
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 9 }, 540, "America/New_York")).toEqual(
      new Date("2026-03-09T13:00:00Z"),
    );
    expect(localParts(new Date("2026-03-09T03:30:00Z"), "America/New_York")).toEqual({
      date: { year: 2026, month: 3, day: 8 },
      minute: 23 * 60 + 30,
      weekday: 7,
    });
  });
});

describe("seedDemoData on an empty database", () => {
  it("creates the demo clinic and reports what it created", async () => {
    expect(result).toMatchObject({
      seeded: true,
      users: 25,
      dentists: 4,
      patients: 20,
      appointmentTypes: 5,
    });
    const roles = await db.prisma.user.groupBy({ by: ["role"], _count: true });
    expect(Object.fromEntries(roles.map((r) => [r.role, r._count]))).toEqual({
      admin: 1,
      dentist: 4,
      patient: 20,
    });
    const types = await db.prisma.appointmentType.findMany({
      select: { code: true, name: true, durationMinutes: true },
      orderBy: { durationMinutes: "asc" },
    });
    expect(new Set(types.map((t) => `${t.code}|${t.name}|${t.durationMinutes}`))).toEqual(
      new Set([
        "checkup|Checkup|30",
        "emergency|Emergency|30",
        "cleaning|Cleaning|45",
        "filling|Filling|60",
        "root_canal|Root canal|90",
      ]),
    );
    if (!result.seeded) throw new Error("not seeded");
    expect(await db.prisma.appointment.count()).toBe(result.appointments);
    const statuses = await db.prisma.appointment.groupBy({ by: ["status"], _count: true });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual(result.byStatus);
  });

  it("lets every demo account sign in with demo1234, with the listed role and name", async () => {
    const users = await db.prisma.user.findMany({
      select: { email: true, role: true, fullName: true, passwordHash: true },
    });
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    for (const account of DEMO_ACCOUNTS) {
      const user = users.find((u) => u.email === account.email);
      expect(user?.role).toBe(account.role);
      expect(user?.fullName).toBe(account.name);
      expect(account.password).toBe(DEMO_PASSWORD);
    }
    const admin = users.find((u) => u.email === "admin@demo.clinic");
    expect(admin?.role).toBe("admin");
    expect(await verifyPassword("demo1234", admin?.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("wrong", admin?.passwordHash ?? "")).toBe(false);
    const alice = users.find((u) => u.email === MAIN_DEMO_PATIENT_EMAIL);
    expect(alice?.fullName).toBe("Alice Patient");
    expect(await verifyPassword("demo1234", alice?.passwordHash ?? "")).toBe(true);
  });

  it("gives the dentists specialties, two time zones, lunch breaks and exceptions", async () => {
    const dentists = await db.prisma.dentist.findMany({
      select: {
        specialty: true,
        timeZone: true,
        slotMinutes: true,
        weeklyRanges: { select: { weekday: true } },
      },
    });
    expect(new Set(dentists.map((d) => d.specialty)).size).toBe(4);
    expect(new Set(dentists.map((d) => d.timeZone)).size).toBeGreaterThanOrEqual(2);
    for (const d of dentists) {
      expect(d.slotMinutes).toBe(15);
      const perDay = new Map<number, number>();
      for (const r of d.weeklyRanges) perDay.set(r.weekday, (perDay.get(r.weekday) ?? 0) + 1);
      expect(Math.max(...perDay.values())).toBeGreaterThanOrEqual(2);
    }
    const exceptions = await db.prisma.availabilityException.findMany();
    expect(exceptions.some((e) => e.closed)).toBe(true);
    expect(exceptions.some((e) => !e.closed && e.startMinute !== null)).toBe(true);
    // At least one closed day falls inside the three weeks the booking screens show.
    const soon = exceptions.filter(
      (e) => e.closed && e.date > NOW && e.date.getTime() < NOW.getTime() + 21 * 86_400_000,
    );
    expect(soon.length).toBeGreaterThanOrEqual(1);
  });

  it("books past and future appointments in every status with consistent details", async () => {
    const all = await db.prisma.appointment.findMany();
    const past = all.filter((a) => a.startsAt < NOW);
    const future = all.filter((a) => a.startsAt >= NOW);
    expect(past.length).toBeGreaterThan(20);
    expect(future.length).toBeGreaterThan(20);
    expect(new Set(past.map((a) => a.status))).toEqual(new Set(["completed", "cancelled"]));
    expect(new Set(future.map((a) => a.status))).toEqual(
      new Set(["pending", "confirmed", "cancelled"]),
    );
    expect(past.every((a) => a.endsAt <= NOW)).toBe(true);
    expect(new Set(all.map((a) => a.source))).toEqual(new Set(["patient_app", "admin", "chatbot"]));
    expect(all.some((a) => a.patientNotes)).toBe(true);
    for (const a of all) {
      expect(a.createdAt <= NOW && a.createdAt < a.startsAt).toBe(true);
      if (a.status === "cancelled") {
        expect(a.cancellationReason).toBeTruthy();
        expect(a.cancelledAt && a.cancelledAt >= a.createdAt && a.cancelledAt <= NOW).toBe(true);
      } else {
        expect(a.cancellationReason).toBeNull();
        expect(a.cancelledAt).toBeNull();
      }
    }
  });

  it("keeps every appointment on the 15-minute grid inside its dentist's local hours", async () => {
    const dentists = await db.prisma.dentist.findMany({
      select: { id: true, timeZone: true, weeklyRanges: true, exceptions: true },
    });
    const all = await db.prisma.appointment.findMany({ orderBy: { startsAt: "asc" } });
    const outside: string[] = [];
    for (const a of all) {
      const d = dentists.find((x) => x.id === a.dentistId);
      if (!d) throw new Error("appointment without dentist");
      const start = wallClock(a.startsAt, d.timeZone);
      const end = wallClock(a.endsAt, d.timeZone);
      const exception = d.exceptions.find((e) => e.date.toISOString().startsWith(start.date));
      const ranges = exception
        ? exception.closed
          ? []
          : [{ startMinute: exception.startMinute ?? 0, endMinute: exception.endMinute ?? 0 }]
        : d.weeklyRanges.filter((r) => r.weekday === start.weekday);
      const inside = ranges.some((r) => r.startMinute <= start.minute && end.minute <= r.endMinute);
      if (!inside || end.date !== start.date || start.minute % 15 !== 0) {
        outside.push(`${a.startsAt.toISOString()} ${d.timeZone}`);
      }
    }
    expect(outside).toEqual([]);
    // Never two at once for a dentist or a patient, whatever the status.
    for (const key of ["dentistId", "patientId"] as const) {
      const lastEnd = new Map<string, Date>();
      for (const a of all) {
        const previous = lastEnd.get(a[key]);
        expect(!previous || previous <= a.startsAt).toBe(true);
        lastEnd.set(a[key], a.endsAt);
      }
    }
  });

  it("gives the main demo patient a history and upcoming confirmed and pending visits", async () => {
    const mine = await db.prisma.appointment.findMany({
      where: { patient: { email: MAIN_DEMO_PATIENT_EMAIL } },
    });
    expect(mine.some((a) => a.status === "completed")).toBe(true);
    expect(mine.some((a) => a.status === "confirmed" && a.startsAt > NOW)).toBe(true);
    expect(mine.some((a) => a.status === "pending" && a.startsAt > NOW)).toBe(true);
  });

  it("writes no realtime events", async () => {
    expect(await db.prisma.realtimeEvent.count()).toBe(0);
  });

  it("does nothing when the database already has users", async () => {
    const before = await tableCounts(db);
    const again = await seedDemoData(db.prisma, { now: new Date("2026-05-01T00:00:00Z") });
    expect(again).toMatchObject({ seeded: false, code: "not_empty" });
    expect(await tableCounts(db)).toEqual(before);
  });
});

describe("seedDemoData guards", () => {
  let other: TestDatabase;
  beforeAll(async () => {
    other = await createTestDatabase(cluster());
  });
  afterAll(async () => {
    await other.drop();
  });

  it("refuses in production unless forced, and a forced run reproduces the same book", async () => {
    const refused = await seedDemoData(other.prisma, { now: NOW, production: true });
    expect(refused).toMatchObject({ seeded: false, code: "production" });
    expect(await other.prisma.user.count()).toBe(0);

    const forced = await seedDemoData(other.prisma, { now: NOW, production: true, force: true });
    expect(forced).toEqual(result);
    const book = (t: TestDatabase) =>
      t.prisma.appointment
        .findMany({
          select: {
            startsAt: true,
            status: true,
            source: true,
            patientNotes: true,
            patient: { select: { email: true } },
            dentist: { select: { user: { select: { email: true } } } },
            type: { select: { code: true } },
          },
        })
        .then((rows) =>
          rows
            .map((r) => JSON.stringify(r))
            .sort()
            .join("\n"),
        );
    expect(await book(other)).toBe(await book(db));
  });

  it("seeds once when two seeders race on the same empty database", async () => {
    const race = await createTestDatabase(cluster());
    try {
      const results = await Promise.all([
        seedDemoData(race.prisma, { now: NOW }),
        seedDemoData(race.prisma, { now: NOW }),
      ]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect(await race.prisma.user.count()).toBe(25);
    } finally {
      await race.drop();
    }
  });
});
