import pg from "pg";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { withChanges } from "../unit-of-work.ts";
import { channels } from "./channels.ts";
import type { ChangeEvent, NewEvent } from "./event-types.ts";
import { EventHub } from "./hub.ts";
import { streamEvents } from "./stream.ts";

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

const open: pg.Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.end()));
});

/** A connection of its own, for transactions a test opens and ends by hand. */
async function writer(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: api.db.url });
  open.push(client);
  await client.connect();
  return client;
}

/** What app_write_events does for a writer, in a transaction the test controls. */
async function writeOne(c: pg.Client): Promise<string> {
  await c.query(
    `SELECT app_write_events(NULL, jsonb_build_array(jsonb_build_object(
       'type', 'profile.updated', 'table', 'users', 'recordId', $1::text,
       'channels', jsonb_build_array($2::text), 'payload', '{}'::jsonb)))`,
    [userId, channels.profileOf(userId)],
  );
  const r = await c.query<{ id: string }>(
    "SELECT currval(pg_get_serial_sequence('realtime_events', 'id'))::text AS id",
  );
  return r.rows[0]?.id ?? "";
}

/** Events on the test user's channel handed out from now on (earlier tests' ones first drained). */
async function collect(hub: TestApi["hub"]) {
  await hub.flush();
  const seen: string[] = [];
  const off = hub.subscribe((e) => {
    if (e.channels.includes(channels.profileOf(userId))) seen.push(e.id);
  });
  return { seen, off };
}

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("change log ordering", () => {
  it("a naive sequence cursor can skip an event when transactions commit out of id order", async () => {
    // The hazard the hub's reading rule exists for, shown with a plain "id > cursor" reader.
    const naive = async (after: bigint) =>
      (
        await api.db.prisma.$queryRawUnsafe<{ id: string }[]>(
          "SELECT id::text AS id FROM realtime_events WHERE id > $1 ORDER BY id",
          after,
        )
      ).map((r) => r.id);
    const [a, b] = await Promise.all([writer(), writer()]);
    const start = await api.hub.log.head();
    await a.query("BEGIN");
    await b.query("BEGIN");
    const idA = await writeOne(a);
    const idB = await writeOne(b);
    expect(BigInt(idA)).toBeLessThan(BigInt(idB));
    await b.query("COMMIT");
    const firstRead = await naive(start);
    const cursor = BigInt(firstRead.at(-1) ?? start.toString());
    await a.query("COMMIT");
    const secondRead = await naive(cursor);
    const seen = [...firstRead, ...secondRead];
    expect(seen).toContain(idB);
    expect(seen).not.toContain(idA);
  });

  it("the hub holds a later id back until the earlier one commits, then hands out both in order", async () => {
    const [a, b] = await Promise.all([writer(), writer()]);
    const { seen, off } = await collect(api.hub);
    try {
      await a.query("BEGIN");
      await b.query("BEGIN");
      const idA = await writeOne(a);
      const idB = await writeOne(b);
      // B commits first and does not wait for A: commits no longer queue behind each other.
      await b.query("COMMIT");
      api.hub.committed();
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([]);
      expect(api.hub.cursor).toBeLessThan(BigInt(idA));
      await a.query("COMMIT");
      api.hub.committed();
      await until(() => seen.length === 2);
      expect(seen).toEqual([idA, idB]);
    } finally {
      off();
    }
  });

  it("waits for a writer whose transaction id is newer than every completed one", async () => {
    // The case a snapshot's xmax misses: U takes its transaction id first, T after it; T draws
    // its event id, then U draws a later one and commits. Right then the newest completed
    // transaction is U, below T, so T is above the read's xmax while it is still running.
    const [t, u] = await Promise.all([writer(), writer()]);
    const { seen, off } = await collect(api.hub);
    try {
      await u.query("BEGIN");
      await u.query("SELECT pg_current_xact_id()");
      await t.query("BEGIN");
      const idT = await writeOne(t);
      const idU = await writeOne(u);
      await u.query("COMMIT");
      api.hub.committed();
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([]);
      await t.query("COMMIT");
      api.hub.committed();
      await until(() => seen.length === 2);
      expect(seen).toEqual([idT, idU]);
    } finally {
      off();
    }
  });

  it("warns when delivery has waited too long at a missing id, and goes on once it commits", async () => {
    const lines: string[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const hub = new EventHub({ url: api.db.url, log, fanout: "local", gapWarnAfterMs: 100 });
    await hub.start();
    const [t, u] = await Promise.all([writer(), writer()]);
    const { seen, off } = await collect(hub);
    try {
      await t.query("BEGIN");
      await u.query("BEGIN");
      const idT = await writeOne(t);
      await writeOne(u);
      await u.query("COMMIT");
      hub.committed();
      await until(() => lines.some((l) => l.includes("held back")), 5_000);
      const warning = JSON.parse(lines.find((l) => l.includes("held back")) ?? "{}") as {
        missingFrom?: string;
      };
      expect(warning.missingFrom).toBe(idT);
      expect(seen).toEqual([]);
      await t.query("COMMIT");
      hub.committed();
      await until(() => seen.length === 2);
      // Reported once per gap, not at every re-check.
      expect(lines.filter((l) => l.includes("held back"))).toHaveLength(1);
    } finally {
      off();
      await hub.stop();
    }
  });

  it("passes over an id whose transaction rolled back, without being told", async () => {
    const [a, b] = await Promise.all([writer(), writer()]);
    const { seen, off } = await collect(api.hub);
    try {
      await a.query("BEGIN");
      await b.query("BEGIN");
      const idA = await writeOne(a);
      const idB = await writeOne(b);
      await b.query("COMMIT");
      api.hub.committed();
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([]);
      // Nobody announces a rollback: the hub's own re-check finds the id settled.
      await a.query("ROLLBACK");
      await until(() => seen.length === 1);
      expect(seen).toEqual([idB]);
      expect(api.hub.cursor).toBeGreaterThanOrEqual(BigInt(idB));
      expect(seen).not.toContain(idA);
    } finally {
      off();
    }
  });

  it("a replay never runs ahead of the hub: a late id reaches a resuming subscriber in order", async () => {
    const [a, b] = await Promise.all([writer(), writer()]);
    const abort = new AbortController();
    try {
      const start = await api.hub.log.head();
      await api.hub.flush();
      await a.query("BEGIN");
      await b.query("BEGIN");
      const idA = await writeOne(a);
      const idB = await writeOne(b);
      await b.query("COMMIT");
      api.hub.committed();
      const stream = streamEvents({
        present: (item) => item,
        hub: api.hub,
        channels: [channels.profileOf(userId)],
        lastEventId: start.toString(),
        signal: abort.signal,
        maxQueue: 100,
        onOverflow: () => undefined,
      });
      const got: string[] = [];
      const reading = (async () => {
        for await (const item of stream) {
          got.push(item.id);
          if (got.length === 2) return;
        }
      })();
      await new Promise((r) => setTimeout(r, 150));
      // B is committed and in the log, but handing it out before A would lose A.
      expect(got).toEqual([]);
      await a.query("COMMIT");
      api.hub.committed();
      await reading;
      expect(got).toEqual([idA, idB]);
    } finally {
      abort.abort();
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

  it("with writers committing and rolling back out of id order, hands out exactly the committed ids, in order", async () => {
    const clients = await Promise.all(Array.from({ length: 24 }, writer));
    const { seen, off } = await collect(api.hub);
    const pause = () => new Promise((r) => setTimeout(r, Math.random() * 30));
    try {
      const outcomes = await Promise.all(
        clients.map(async (c, i) => {
          await c.query("BEGIN");
          await pause();
          const id = await writeOne(c);
          await pause();
          const keep = i % 4 !== 0;
          await c.query(keep ? "COMMIT" : "ROLLBACK");
          if (keep) api.hub.committed();
          return { id, keep };
        }),
      );
      const committed = outcomes
        .filter((o) => o.keep)
        .map((o) => BigInt(o.id))
        .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
        .map(String);
      await until(() => seen.length >= committed.length);
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual(committed);
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

  it("records publish time and latency for each event, on the database's clock", async () => {
    const before = await api.hub.log.head();
    await withChanges(api.deps, userId, async (_tx, emit) => {
      for (let i = 0; i < 3; i++) emit(profileEvent(90 + i));
    });
    // flush() waits for the hand-out and for the batched write of the publish times.
    await api.hub.flush();
    const rows = await api.deps.db.realtimeEvent.findMany({
      where: { id: { gt: before } },
      orderBy: { id: "asc" },
    });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.actorId).toBe(userId);
      expect(row.publishedAt).toBeInstanceOf(Date);
      const published = row.publishedAt?.getTime() ?? 0;
      // Millisecond columns on the JS side: allow the rounding.
      expect(published).toBeGreaterThanOrEqual(row.createdAt.getTime() - 1);
      expect(row.latencyMs).toBeGreaterThanOrEqual(0);
      expect(row.latencyMs).toBeLessThan(5_000);
      expect(Math.abs((row.latencyMs ?? 0) - (published - row.createdAt.getTime()))).toBeLessThan(
        2,
      );
    }
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
