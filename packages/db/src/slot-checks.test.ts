import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { APP_ROLE } from "./app-role.ts";
import { createBookingRows, createTestDatabase, type TestDatabase } from "./testing.ts";

// The slot checks (app_slot_taken, app_busy_intervals; migration
// `slot_checks_under_row_security`) as the API runs them: on the row-level-security role,
// acting as a patient. They must give exact answers, and read only the appointments near the
// time asked about, however long the dentist's history.

let db: TestDatabase;
let client: pg.Client;
let dentistId: string;
let patientId: string;
let typeId: string;

const DAY_MS = 86_400_000;
const SLOT = { from: "2030-03-04T09:00:00Z", to: "2030-03-04T09:15:00Z" };
const NOW = "2030-03-01T00:00:00Z";

beforeAll(async () => {
  db = await createTestDatabase({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });
  ({ dentistId, patientId, typeId } = await createBookingRows(db.prisma, {
    timeZone: "UTC",
    durationMinutes: 15,
  }));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

async function insertAppointment(startsAt: string, endsAt: string): Promise<void> {
  await client.query(
    `INSERT INTO appointments (id, patient_id, dentist_id, type_id, starts_at, ends_at, status, source, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'confirmed', 'admin', now())`,
    [patientId, dentistId, typeId, startsAt, endsAt],
  );
}

async function insertHold(startsAt: string, endsAt: string): Promise<void> {
  await client.query(
    `INSERT INTO slot_reservations (id, dentist_id, patient_id, type_id, starts_at, ends_at, expires_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, '2099-01-01T00:00:00Z')`,
    [dentistId, patientId, typeId, startsAt, endsAt],
  );
}

interface CheckAnswer {
  taken: boolean;
  busy: number;
  /** Index entries read on appointments during the two checks. */
  entriesRead: number;
}

/**
 * Index entries this connection has read on appointments and not yet reported to the shared
 * statistics (a running count; the difference over a stretch of queries is what they read).
 */
async function entriesReadSoFar(): Promise<number> {
  const r = await client.query<{ n: string }>(
    `SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(indexrelid)), 0)::text AS n
     FROM pg_index WHERE indrelid = 'appointments'::regclass`,
  );
  return Number(r.rows[0]?.n);
}

/**
 * Both checks for SLOT (app_busy_intervals for its whole day) as the API's role acting as
 * some other patient, in one transaction that is rolled back.
 */
async function checkSlot(): Promise<CheckAnswer> {
  await client.query("BEGIN");
  try {
    const before = await entriesReadSoFar();
    await client.query(`SET LOCAL ROLE ${APP_ROLE}`);
    await client.query(
      "SELECT set_config('app.user_id', gen_random_uuid()::text, true), set_config('app.role', 'patient', true)",
    );
    const args = [dentistId, SLOT.from, SLOT.to, NOW];
    const taken = await client.query<{ taken: boolean }>(
      "SELECT app_slot_taken($1, $2, $3, $4, NULL, NULL) AS taken",
      args,
    );
    const busy = await client.query(
      "SELECT * FROM app_busy_intervals($1, $2::timestamptz - interval '9 hours', $3::timestamptz + interval '15 hours', $4, NULL, NULL)",
      args,
    );
    await client.query("RESET ROLE");
    const entriesRead = (await entriesReadSoFar()) - before;
    return {
      taken: taken.rows[0]?.taken ?? false,
      busy: busy.rowCount ?? 0,
      entriesRead,
    };
  } finally {
    await client.query("ROLLBACK");
  }
}

describe("slot checks under row-level security", () => {
  it("refuses an appointment or a hold longer than a day, which the checks' bound relies on", async () => {
    await expect(insertAppointment("2031-01-01T00:00:00Z", "2031-01-02T00:01:00Z")).rejects.toThrow(
      /appointments_at_most_a_day/,
    );
    await expect(insertHold("2031-01-01T00:00:00Z", "2031-01-02T00:01:00Z")).rejects.toThrow(
      /slot_reservations_at_most_a_day/,
    );
  });

  it("reads only the appointments near the slot, not the dentist's whole history", async () => {
    // Two years of one appointment a day, an hour earlier in the day than the slot.
    const last = Date.parse(SLOT.from) - DAY_MS - 3_600_000;
    const first = last - 730 * DAY_MS;
    await client.query(
      `INSERT INTO appointments (id, patient_id, dentist_id, type_id, starts_at, ends_at, status, source, updated_at)
       SELECT gen_random_uuid(), $1, $2, $3, s, s + interval '15 minutes', 'confirmed', 'admin', now()
       FROM generate_series($4::timestamptz, $5::timestamptz, interval '1 day') AS s`,
      [patientId, dentistId, typeId, new Date(first).toISOString(), new Date(last).toISOString()],
    );
    await client.query("ANALYZE appointments");
    const answer = await checkSlot();
    expect(answer.taken).toBe(false);
    expect(answer.busy).toBe(0);
    // Only the appointment of the day before (app_busy_intervals' window starts at midnight);
    // the checks used to read all 731.
    expect(answer.entriesRead).toBeLessThanOrEqual(2);
  });

  it("still finds an overlap by an appointment that began up to a day earlier", async () => {
    // 24 hours, ending a quarter of an hour into the slot.
    await insertAppointment("2030-03-03T09:15:00Z", "2030-03-04T09:15:00Z");
    const answer = await checkSlot();
    expect(answer.taken).toBe(true);
    expect(answer.busy).toBe(1);
  });

  it("finds a hold of another patient in the same way", async () => {
    await client.query("DELETE FROM appointments WHERE ends_at = '2030-03-04T09:15:00Z'");
    expect((await checkSlot()).taken).toBe(false);
    await insertHold("2030-03-03T09:14:00Z", "2030-03-04T09:14:00Z");
    const answer = await checkSlot();
    expect(answer.taken).toBe(true);
    expect(answer.busy).toBe(1);
  });

  it("lets an appointment that ends where the slot begins pass", async () => {
    await client.query("DELETE FROM slot_reservations");
    await insertAppointment("2030-03-03T09:00:00Z", "2030-03-04T09:00:00Z");
    const answer = await checkSlot();
    expect(answer.taken).toBe(false);
    // It does take the first nine hours of the slot's day.
    expect(answer.busy).toBe(1);
  });
});
