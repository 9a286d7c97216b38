import { APP_ROLE, connectionRole, createPrismaClient, prepareAppRole } from "@dentalcare/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWithDbScope, SYSTEM_SCOPE, scopedPrisma } from "./db-scope.ts";
import { clinic, expectError } from "./routers/booking.testkit.ts";
import { createTestApi, TEST_APP_ROLE_PASSWORD, type TestApi } from "./testing/index.ts";

// Row-level security (requirement 5.5), proven at the database: the role the API connects
// as sees nothing without a user, and a patient's transaction cannot reach another
// patient's rows even with a query that forgot its filter.

const NOW = "2030-01-07T08:00:00Z";
const PROTECTED = [
  "appointments",
  "slot_reservations",
  "users",
  "appointment_documents",
  "realtime_events",
] as const;

let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;
let appUrl: string;
let raw: pg.Client;
const ids: { mine: string; theirs: string; otherDentist: string; hold: string } = {
  mine: "",
  theirs: "",
  otherDentist: "",
  hold: "",
};

/** Runs SQL on the app role's connection, in one transaction acting as `who` (or nobody). */
async function asUser<T extends pg.QueryResultRow>(
  who: { id: string; role: string } | null,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  await raw.query("BEGIN");
  try {
    if (who) {
      await raw.query(
        "SELECT set_config('app.user_id', $1, true), set_config('app.role', $2, true)",
        [who.id, who.role],
      );
    }
    const r = await raw.query<T>(sql, params);
    return r.rows;
  } finally {
    await raw.query("ROLLBACK");
  }
}

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
  const book = (who: { id: string; role: "patient" }, dentistId: string, startsAt: string) =>
    api.caller(who).appointments.create({ dentistId, typeId: c.types.checkup, startsAt });
  ids.mine = (
    await book(
      c.patient as { id: string; role: "patient" },
      c.dentist.id,
      "2030-01-08T09:00:00.000Z",
    )
  ).id;
  ids.theirs = (
    await book(
      c.otherPatient as { id: string; role: "patient" },
      c.dentist.id,
      "2030-01-08T10:00:00.000Z",
    )
  ).id;
  ids.otherDentist = (
    await book(
      c.otherPatient as { id: string; role: "patient" },
      c.otherDentist.id,
      "2030-01-08T10:00:00.000Z",
    )
  ).id;
  ids.hold = (
    await api.caller(c.otherPatient).reservations.hold({
      dentistId: c.dentist.id,
      startsAt: "2030-01-08T11:00:00.000Z",
      typeId: c.types.checkup,
    })
  ).id;
  for (const [appointmentId, uploader] of [
    [ids.mine, c.patient.id],
    [ids.theirs, c.otherPatient.id],
  ] as const) {
    await api.deps.db.appointmentDocument.create({
      data: {
        appointmentId,
        fileName: "x-ray.png",
        fileUrl: "https://files.example/x-ray.png",
        fileType: "image/png",
        fileSize: 1234,
        uploadedById: uploader,
      },
    });
  }
  const role = await prepareAppRole(api.db.url, TEST_APP_ROLE_PASSWORD);
  if (!role.ok) throw new Error(role.reason);
  appUrl = role.url;
  raw = new pg.Client({ connectionString: appUrl });
  await raw.connect();
});

afterAll(async () => {
  await raw?.end();
  await api.close();
});

describe("the role the API connects as", () => {
  it("is neither superuser nor exempt from row-level security", async () => {
    expect(await connectionRole(appUrl)).toEqual({
      user: APP_ROLE,
      superuser: false,
      bypassRls: false,
    });
    const forced = await api.db.prisma.$queryRaw<{ relname: string }[]>`
      SELECT relname FROM pg_class
      WHERE relname = ANY(${[...PROTECTED]}) AND relrowsecurity AND relforcerowsecurity`;
    expect(forced.map((r) => r.relname).sort()).toEqual([...PROTECTED].sort());
  });

  it("sees no row of any protected table when no user is named", async () => {
    for (const table of [...PROTECTED, "dentists", "availability_ranges", "appointment_types"]) {
      const [owner] = await api.db.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table}"`,
      );
      expect(owner?.n, `${table} has rows`).toBeGreaterThan(0);
      const [anonymous] = await asUser<{ n: number }>(
        null,
        `SELECT count(*)::int AS n FROM "${table}"`,
      );
      expect(anonymous?.n, `${table} without a user`).toBe(0);
    }
  });

  it("cannot write without a user either", async () => {
    await expect(
      asUser(
        null,
        `INSERT INTO users (id, email, password_hash, role, full_name)
         VALUES (gen_random_uuid(), 'intruder@x.test', 'x', 'admin', 'Intruder')`,
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asUser(null, "UPDATE appointments SET notes = 'hacked' RETURNING id");
    expect(updated).toEqual([]);
  });
});

describe("a patient's context, with queries that forgot their filter", () => {
  const patient = () => ({ id: c.patient.id, role: "patient" });

  it("returns only the patient's own appointments, holds, documents and events", async () => {
    const appointments = await asUser<{ patient_id: string }>(
      patient(),
      "SELECT * FROM appointments",
    );
    expect(appointments.map((a) => a.patient_id)).toEqual([c.patient.id]);
    expect(await asUser(patient(), "SELECT * FROM slot_reservations")).toEqual([]);
    const documents = await asUser<{ appointment_id: string }>(
      patient(),
      "SELECT * FROM appointment_documents",
    );
    expect(documents.map((d) => d.appointment_id)).toEqual([ids.mine]);
    const events = await asUser<{ channels: string[]; actor_id: string | null }>(
      patient(),
      "SELECT channels, actor_id FROM realtime_events",
    );
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const own =
        e.actor_id === c.patient.id ||
        e.channels.includes(`appointments:patient:${c.patient.id}`) ||
        e.channels.includes(`profiles:user:${c.patient.id}`);
      expect(own, JSON.stringify(e)).toBe(true);
    }
  });

  it("shows the patient's own profile and the dentists', not other patients' or admins'", async () => {
    const users = await asUser<{ id: string; role: string }>(
      patient(),
      "SELECT id, role FROM users",
    );
    const seen = new Set(users.map((u) => u.id));
    expect(seen.has(c.patient.id)).toBe(true);
    expect(seen.has(c.dentist.id)).toBe(true);
    expect(seen.has(c.otherPatient.id)).toBe(false);
    expect(seen.has(c.admin.id)).toBe(false);
    expect(users.filter((u) => u.id !== c.patient.id).every((u) => u.role === "dentist")).toBe(
      true,
    );
  });

  it("cannot change, take over or invent another patient's rows", async () => {
    const changed = await asUser(
      patient(),
      "UPDATE appointments SET notes = 'mine now' WHERE id = $1 RETURNING id",
      [ids.theirs],
    );
    expect(changed).toEqual([]);
    await expect(
      asUser(patient(), "UPDATE appointments SET patient_id = $1 WHERE id = $2", [
        c.otherPatient.id,
        ids.mine,
      ]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(
        patient(),
        `INSERT INTO appointments (id, patient_id, dentist_id, type_id, starts_at, ends_at, source)
         VALUES (gen_random_uuid(), $1, $2, $3, '2030-02-01T09:00Z', '2030-02-01T09:30Z', 'patient_app')`,
        [c.otherPatient.id, c.dentist.id, c.types.checkup],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(patient(), "UPDATE users SET role = 'admin' WHERE id = $1", [c.patient.id]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(
        patient(),
        `INSERT INTO realtime_events (event_type, table_name, record_id, channels, payload, actor_id)
         VALUES ('profile.updated', 'users', 'x', '{}', '{}', $1)`,
        [c.otherPatient.id],
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("holds through Prisma too: an unfiltered findMany in the patient's scope", async () => {
    const client = createPrismaClient(appUrl, { maxConnections: 2 });
    const db = scopedPrisma(client);
    try {
      const scope = { userId: c.patient.id, role: "patient" };
      const rows = await runWithDbScope(scope, () => db.appointment.findMany());
      expect(rows.map((r) => r.id)).toEqual([ids.mine]);
      const [count, holds] = await runWithDbScope(scope, () =>
        db.$transaction([db.appointment.count(), db.slotReservation.findMany()]),
      );
      expect(count).toBe(1);
      expect(holds).toEqual([]);
      const inTransaction = await runWithDbScope(scope, () =>
        db.$transaction((tx) => tx.user.count({ where: { role: "patient" } })),
      );
      expect(inTransaction).toBe(1);
      expect(await db.appointment.count()).toBe(0);
      expect(await runWithDbScope(SYSTEM_SCOPE, () => db.appointment.count())).toBe(3);
    } finally {
      await client.$disconnect();
    }
  });
});

describe("dentists and admins", () => {
  it("a dentist sees the appointments and holds of their own schedule only; an admin all", async () => {
    const dentist = { id: c.dentist.id, role: "dentist" };
    const theirs = await asUser<{ id: string }>(
      dentist,
      "SELECT id FROM appointments ORDER BY starts_at",
    );
    expect(theirs.map((r) => r.id)).toEqual([ids.mine, ids.theirs]);
    const holds = await asUser<{ id: string }>(dentist, "SELECT id FROM slot_reservations");
    expect(holds.map((r) => r.id)).toEqual([ids.hold]);
    const other = await asUser(
      { id: c.otherDentist.id, role: "dentist" },
      "SELECT id FROM appointments WHERE id = $1",
      [ids.mine],
    );
    expect(other).toEqual([]);
    const all = await asUser({ id: c.admin.id, role: "admin" }, "SELECT id FROM appointments");
    expect(all).toHaveLength(3);
  });
});

describe("the API on top of the policies", () => {
  it("keeps its answers: own rows only, 403 for someone else's, 404 for nothing", async () => {
    const mine = await api.caller(c.patient).appointments.list({});
    expect(mine.data.map((a) => a.id)).toEqual([ids.mine]);
    await expectError(api.caller(c.patient).appointments.byId({ id: ids.theirs }), "FORBIDDEN");
    await expectError(
      api.caller(c.patient).appointments.byId({ id: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
    await expectError(api.caller(c.patient).reservations.release({ id: ids.hold }), "FORBIDDEN");
    await expectError(
      api.caller(c.otherDentist).appointments.confirm({ id: ids.mine }),
      "FORBIDDEN",
    );
  });

  it("still sees other patients' bookings as taken when listing free slots", async () => {
    const day = await api
      .caller(c.patient)
      .availability.slots({ dentistId: c.dentist.id, date: "2030-01-08", typeId: c.types.checkup });
    const starts = day.slots.map((s) => s.startsAt);
    expect(starts).not.toContain("2030-01-08T10:00:00.000Z");
    expect(starts).not.toContain("2030-01-08T11:00:00.000Z");
    expect(starts).toContain("2030-01-08T09:30:00.000Z");
    expect(starts).toContain("2030-01-08T10:30:00.000Z");
  });
});
