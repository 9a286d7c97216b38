import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { withChanges } from "../unit-of-work.ts";
import { channels } from "./channels.ts";
import { EventLog } from "./event-log.ts";
import type { ChangeEvent, NewEvent } from "./event-types.ts";
import { EVENT_LOG_LOCK } from "./outbox.ts";

let api: TestApi;
let userId: string;

beforeAll(async () => {
  api = await createTestApi();
  userId = (await createUser(api, "patient")).id;
});
afterAll(async () => {
  await api.close();
});

function profileEvent(n: number): NewEvent {
  return {
    type: "profile.updated",
    table: "users",
    recordId: userId,
    channels: [channels.profileOf(userId), channels.profilesAll()],
    payload: {
      profile: {
        id: userId,
        email: "x@test.clinic",
        role: "patient",
        fullName: `Name ${n}`,
        phone: null,
        dateOfBirth: null,
        version: n,
        updatedAt: new Date().toISOString(),
      },
    },
  };
}

const insertSql = `INSERT INTO realtime_events (event_type, table_name, record_id, channels, payload)
  VALUES ('profile.updated', 'users', $1, ARRAY['profiles:all'], '{}'::jsonb) RETURNING id::text`;

describe("change log ordering", () => {
  it("a naive sequence cursor can skip an event when transactions commit out of id order", async () => {
    // The hazard the outbox lock exists for, shown without the lock.
    const pool = new pg.Pool({ connectionString: api.db.url, max: 1 });
    const log = new EventLog(pool);
    const a = new pg.Client({ connectionString: api.db.url });
    const b = new pg.Client({ connectionString: api.db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const start = await log.head();
      await a.query("BEGIN");
      await b.query("BEGIN");
      const idA = (await a.query<{ id: string }>(insertSql, [userId])).rows[0]?.id;
      const idB = (await b.query<{ id: string }>(insertSql, [userId])).rows[0]?.id;
      expect(BigInt(idA ?? "0")).toBeLessThan(BigInt(idB ?? "0"));
      await b.query("COMMIT");
      const firstRead = await log.after(start, 100);
      const cursor = BigInt(firstRead.at(-1)?.id ?? start.toString());
      await a.query("COMMIT");
      const secondRead = await log.after(cursor, 100);
      const seen = [...firstRead, ...secondRead].map((e) => e.id);
      expect(seen).toContain(idB);
      expect(seen).not.toContain(idA);
    } finally {
      await Promise.all([a.end(), b.end(), pool.end()]);
    }
  });

  it("with the outbox lock a later writer waits, so commit order equals id order", async () => {
    const a = new pg.Client({ connectionString: api.db.url });
    const b = new pg.Client({ connectionString: api.db.url });
    await Promise.all([a.connect(), b.connect()]);
    const lockAndInsert = async (c: pg.Client) => {
      await c.query("SELECT pg_advisory_xact_lock($1::bigint)", [EVENT_LOG_LOCK]);
      return (await c.query<{ id: string }>(insertSql, [userId])).rows[0]?.id ?? "";
    };
    try {
      const start = await api.hub.log.head();
      await a.query("BEGIN");
      await b.query("BEGIN");
      const idA = await lockAndInsert(a);
      // B tries to write its event and commit first; it has to wait for A's commit.
      let bDone = false;
      const bWork = lockAndInsert(b).then(async (id) => {
        await b.query("COMMIT");
        bDone = true;
        return id;
      });
      await new Promise((r) => setTimeout(r, 150));
      expect(bDone).toBe(false);
      const whileWaiting = await api.hub.log.after(start, 100);
      expect(whileWaiting.map((e) => e.id)).toEqual([]);
      await a.query("COMMIT");
      const idB = await bWork;
      expect(BigInt(idB)).toBeGreaterThan(BigInt(idA));
      const all = await api.hub.log.after(start, 100);
      expect(all.map((e) => e.id)).toEqual([idA, idB]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("delivers every event exactly once and in order while 40 transactions commit concurrently", async () => {
    const received: ChangeEvent[] = [];
    const off = api.hub.subscribe((e) => {
      if (e.channels.includes(channels.profileOf(userId))) received.push(e);
    });
    try {
      // Random work before and after the event write makes commits interleave.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          withChanges(api.deps, userId, async (tx, emit) => {
            await tx.$executeRaw`SELECT pg_sleep(${Math.random() * 0.02})`;
            emit(profileEvent(i));
          }),
        ),
      );
      await api.hub.flush();
      expect(received).toHaveLength(40);
      const ids = received.map((e) => BigInt(e.id));
      const sorted = [...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      expect(ids).toEqual(sorted);
      expect(new Set(ids).size).toBe(40);
    } finally {
      off();
    }
  });

  it("writes no event when the transaction rolls back", async () => {
    const before = await api.hub.log.head();
    await expect(
      withChanges(api.deps, userId, async (_tx, emit) => {
        emit(profileEvent(1));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await api.hub.flush();
    expect(await api.hub.log.head()).toBe(before);
  });

  it("records publish latency for each event", async () => {
    await withChanges(api.deps, userId, async (_tx, emit) => emit(profileEvent(99)));
    await api.hub.flush();
    // markPublished runs just after delivery.
    await new Promise((r) => setTimeout(r, 100));
    const row = await api.deps.db.realtimeEvent.findFirst({ orderBy: { id: "desc" } });
    expect(row?.publishedAt).toBeInstanceOf(Date);
    expect(row?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(row?.actorId).toBe(userId);
  });
});

describe("retention", () => {
  it("prunes old events and moves the replay horizon past them", async () => {
    await withChanges(api.deps, userId, async (_tx, emit) => emit(profileEvent(1)));
    const head = await api.hub.log.head();
    const pruned = await api.hub.log.prune(new Date(Date.now() + 60_000));
    expect(pruned).toBeGreaterThan(0);
    expect(await api.hub.log.horizon()).toBe(head);
    // A later prune of nothing keeps the horizon.
    await api.hub.log.prune(new Date(0));
    expect(await api.hub.log.horizon()).toBe(head);
  });
});
