import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createBookingRows, createTestDatabase, type TestDatabase } from "./testing.ts";

// The database itself must refuse a double booking, whatever the application code does.

let db: TestDatabase;
let dentistId: string;
let patientId: string;
let typeId: string;

beforeAll(async () => {
  db = await createTestDatabase({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });
  ({ dentistId, patientId, typeId } = await createBookingRows(db.prisma, {
    timeZone: "Europe/London",
    durationMinutes: 30,
  }));
});

afterAll(async () => {
  await db.drop();
});

const insert = `INSERT INTO appointments (id, patient_id, dentist_id, type_id, starts_at, ends_at, status, source, cancelled_at, updated_at)
  VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'patient_app', $7, now()) RETURNING id`;

async function book(client: pg.Client | pg.Pool, start: string, end: string, status = "confirmed") {
  return client.query<{ id: string }>(insert, [
    patientId,
    dentistId,
    typeId,
    start,
    end,
    status,
    status === "cancelled" ? new Date() : null,
  ]);
}

describe("appointment integrity in PostgreSQL", () => {
  it("rejects two overlapping active appointments inserted at the same moment from two connections", async () => {
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      // Both transactions insert before either commits; the second must wait for the first
      // and then fail on the exclusion constraint.
      await Promise.all([a.query("BEGIN"), b.query("BEGIN")]);
      await book(a, "2030-01-07T09:00:00Z", "2030-01-07T09:30:00Z");
      const second = book(b, "2030-01-07T09:15:00Z", "2030-01-07T09:45:00Z");
      await a.query("COMMIT");
      await expect(second).rejects.toMatchObject({ code: "23P01" });
      await b.query("ROLLBACK");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const count = await db.prisma.appointment.count({
      where: {
        dentistId,
        startsAt: { gte: new Date("2030-01-07T00:00:00Z"), lt: new Date("2030-01-08T00:00:00Z") },
      },
    });
    expect(count).toBe(1);
  });

  it("lets exactly one of many racing inserts for one slot win", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          book(pool, "2030-01-08T10:00:00Z", "2030-01-08T10:30:00Z"),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "23P01" });
      }
    } finally {
      await pool.end();
    }
  });

  it("allows back-to-back appointments (end equals the next start)", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await book(c, "2030-01-09T10:00:00Z", "2030-01-09T10:30:00Z");
      await expect(book(c, "2030-01-09T10:30:00Z", "2030-01-09T11:00:00Z")).resolves.toBeDefined();
      await expect(book(c, "2030-01-09T09:30:00Z", "2030-01-09T10:00:00Z")).resolves.toBeDefined();
    } finally {
      await c.end();
    }
  });

  it("frees the time of a cancelled appointment", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const first = await book(c, "2030-01-10T09:00:00Z", "2030-01-10T09:30:00Z");
      await expect(book(c, "2030-01-10T09:00:00Z", "2030-01-10T09:30:00Z")).rejects.toMatchObject({
        code: "23P01",
      });
      await c.query(
        "UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE id = $1",
        [first.rows[0]?.id],
      );
      await expect(book(c, "2030-01-10T09:00:00Z", "2030-01-10T09:30:00Z")).resolves.toBeDefined();
      // A completed or cancelled appointment never blocks a new one either.
      await expect(
        book(c, "2030-01-10T09:00:00Z", "2030-01-10T09:30:00Z", "cancelled"),
      ).resolves.toBeDefined();
    } finally {
      await c.end();
    }
  });

  it("rejects an appointment that ends before it starts", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await expect(book(c, "2030-01-11T10:00:00Z", "2030-01-11T09:00:00Z")).rejects.toMatchObject({
        code: "23514",
      });
    } finally {
      await c.end();
    }
  });

  it("rejects overlapping live holds but not released ones", async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const hold = (status: string) =>
      c.query(
        `INSERT INTO slot_reservations (id, dentist_id, patient_id, starts_at, ends_at, expires_at, status)
         VALUES (gen_random_uuid(), $1, $2, '2030-02-01T09:00Z', '2030-02-01T09:30Z', '2030-02-01T08:00Z', $3)`,
        [dentistId, patientId, status],
      );
    try {
      await hold("held");
      await expect(hold("held")).rejects.toMatchObject({ code: "23P01" });
      await expect(hold("released")).resolves.toBeDefined();
    } finally {
      await c.end();
    }
  });
});
