import { channels, type NewEvent, TokenService, withChanges } from "@dentalcare/api";
import { hashPassword } from "@dentalcare/db";
import type { TestDatabase } from "@dentalcare/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "./app.ts";
import {
  connect,
  Inbox,
  spawnServer,
  startTestServer,
  TEST_SECRET,
  testDatabase,
  tokenFor,
} from "./testing.ts";

// Transport-level guarantees, independent of any one domain: events reach the right
// subscribers over real WebSocket and SSE connections, resume without gaps, and never leak
// across identities.

let db: TestDatabase;
let app: RunningApp;
let patientA: { id: string; role: "patient" };
let patientB: { id: string; role: "patient" };
let admin: { id: string; role: "admin" };

async function user<R extends "patient" | "admin">(
  role: R,
  name: string,
): Promise<{ id: string; role: R }> {
  const row = await db.prisma.user.create({
    data: {
      email: `${name.toLowerCase()}-${Date.now()}@t.clinic`,
      role,
      fullName: name,
      passwordHash: await hashPassword("password123"),
    },
  });
  return { id: row.id, role };
}

function profileChange(userId: string, n: number): NewEvent {
  return {
    type: "profile.updated",
    table: "users",
    recordId: userId,
    channels: [channels.profileOf(userId), channels.profilesAll()],
    payload: {
      profile: {
        id: userId,
        email: "p@t.clinic",
        role: "patient",
        fullName: `Version ${n}`,
        phone: null,
        dateOfBirth: null,
        version: n,
        updatedAt: new Date().toISOString(),
      },
    },
  };
}

async function change(target: RunningApp, userId: string, n: number) {
  await withChanges(target.deps, userId, async (_tx, emit) => emit(profileChange(userId, n)));
}

type Item = { id: string; data: { type: string; payload?: unknown; id?: string } };

beforeAll(async () => {
  db = await testDatabase();
  app = await startTestServer(db, { fanout: "postgres" });
  patientA = await user("patient", "Alice");
  patientB = await user("patient", "Bob");
  admin = await user("admin", "Ada");
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

describe("subscriptions over WebSocket", () => {
  it("deliver a change to the owner and to staff within a second, and not to other patients", async () => {
    const clients = [
      connect(app.url, await tokenFor(app, patientA)),
      connect(app.url, await tokenFor(app, patientB)),
      connect(app.url, await tokenFor(app, admin)),
    ];
    const [own, other, staff] = [new Inbox<Item>(), new Inbox<Item>(), new Inbox<Item>()];
    const subs = [
      clients[0]?.client.live.onProfiles.subscribe({}, { onData: own.push, onError: own.fail }),
      clients[1]?.client.live.onProfiles.subscribe({}, { onData: other.push, onError: other.fail }),
      clients[2]?.client.live.onProfiles.subscribe({}, { onData: staff.push, onError: staff.fail }),
    ];
    try {
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      await change(app, patientA.id, 1);
      await own.until((items) => items.length === 1, 1_000);
      await staff.until((items) => items.length === 1, 1_000);
      expect(Date.now() - started).toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(other.items).toHaveLength(0);
      expect(own.items[0]?.data.type).toBe("profile.updated");
    } finally {
      for (const s of subs) s?.unsubscribe();
      for (const c of clients) c.close();
    }
  });

  it("refuse a subscription to another patient's channel and one without a token", async () => {
    const spy = connect(app.url, await tokenFor(app, patientB));
    const anon = connect(app.url, null);
    const forbidden = new Inbox<Item>();
    const unauth = new Inbox<Item>();
    const s1 = spy.client.live.onAppointments.subscribe(
      { patientId: patientA.id },
      { onData: forbidden.push, onError: forbidden.fail },
    );
    const s2 = anon.client.live.onProfiles.subscribe(
      {},
      { onData: unauth.push, onError: unauth.fail },
    );
    try {
      await forbidden.until(() => forbidden.errors.length > 0);
      await unauth.until(() => unauth.errors.length > 0);
      expect(forbidden.errors[0]).toMatchObject({ data: { code: "FORBIDDEN" } });
      expect(unauth.errors[0]).toMatchObject({ data: { code: "UNAUTHORIZED" } });
      expect(forbidden.items).toHaveLength(0);
    } finally {
      s1.unsubscribe();
      s2.unsubscribe();
      spy.close();
      anon.close();
    }
  });

  it("replays exactly the 50 changes a client missed, in order, once", async () => {
    const token = await tokenFor(app, admin);
    const first = connect(app.url, token);
    const inbox = new Inbox<Item>();
    const sub = first.client.live.onProfiles.subscribe(
      {},
      { onData: inbox.push, onError: inbox.fail },
    );
    await new Promise((r) => setTimeout(r, 300));
    await change(app, patientA.id, 100);
    await inbox.until((items) => items.length === 1);
    const lastSeen = inbox.items[0]?.id ?? "";
    sub.unsubscribe();
    first.close();

    // While the client is away, 50 changes commit, several at once.
    await Promise.all(Array.from({ length: 50 }, (_, i) => change(app, patientA.id, 200 + i)));

    const second = connect(app.url, token);
    const replay = new Inbox<Item>();
    const resumed = second.client.live.onProfiles.subscribe(
      { lastEventId: lastSeen },
      { onData: replay.push, onError: replay.fail },
    );
    try {
      await replay.until((items) => items.length >= 50);
      await new Promise((r) => setTimeout(r, 300));
      expect(replay.items).toHaveLength(50);
      const ids = replay.items.map((i) => BigInt(i.id));
      expect(ids.every((id, k) => k === 0 || id > (ids[k - 1] ?? 0n))).toBe(true);
      expect(ids[0]).toBeGreaterThan(BigInt(lastSeen));
      // And live events follow the replay.
      await change(app, patientA.id, 999);
      await replay.until((items) => items.length === 51);
    } finally {
      resumed.unsubscribe();
      second.close();
    }
  });

  it("tells a client whose cursor is older than the retained log to refetch", async () => {
    await change(app, patientA.id, 1);
    const head = await app.hub.log.head();
    await app.hub.log.prune(new Date(Date.now() + 60_000));
    const c = connect(app.url, await tokenFor(app, admin));
    const inbox = new Inbox<Item>();
    const sub = c.client.live.onProfiles.subscribe(
      { lastEventId: "1" },
      { onData: inbox.push, onError: inbox.fail },
    );
    try {
      await inbox.until((items) => items.length === 1);
      expect(inbox.items[0]?.data).toMatchObject({ type: "sync.reset", reason: "history_pruned" });
      expect(BigInt(inbox.items[0]?.id ?? "0")).toBeGreaterThanOrEqual(head);
    } finally {
      sub.unsubscribe();
      c.close();
    }
  });

  it("closes the socket when the token expires", async () => {
    const shortLived = await startTestServer(db, { tokenTtlSeconds: 60 });
    try {
      // A token signed with the server's secret that is valid for one more second.
      const issuer = new TokenService({
        secret: TEST_SECRET,
        issuer: "dentalcare-sync",
        ttlSeconds: 1,
      });
      const soon = (await issuer.issue(patientA)).token;
      const c = connect(shortLived.url, soon);
      const inbox = new Inbox<Item>();
      const sub = c.client.live.onProfiles.subscribe(
        {},
        { onData: inbox.push, onError: inbox.fail },
      );
      try {
        const deadline = Date.now() + 5_000;
        while (!c.connection.snapshot.tokenExpired && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(c.connection.snapshot.tokenExpired).toBe(true);
      } finally {
        sub.unsubscribe();
        c.close();
      }
    } finally {
      await shortLived.close();
    }
  });
});

describe("subscriptions over SSE", () => {
  it("deliver changes and resume after lastEventId", async () => {
    const token = await tokenFor(app, patientA);
    const c = connect(app.url, token, "sse");
    const inbox = new Inbox<Item>();
    const sub = c.client.live.onProfiles.subscribe({}, { onData: inbox.push, onError: inbox.fail });
    try {
      await new Promise((r) => setTimeout(r, 500));
      await change(app, patientA.id, 7);
      await inbox.until((items) => items.length === 1, 2_000);
      expect(inbox.items[0]?.data.type).toBe("profile.updated");
    } finally {
      sub.unsubscribe();
      c.close();
    }
  });
});

describe("several server instances on one database", () => {
  it("a change made through one instance reaches a subscriber connected to another", async () => {
    // Its safety-net poll is far off: only the wake-up sent after the commit can be in time.
    const other = await spawnServer(db.url, {
      REALTIME_FANOUT: "postgres",
      REALTIME_POLL_INTERVAL_MS: "30000",
    });
    try {
      const c = connect(other.url, await tokenFor(app, admin));
      const inbox = new Inbox<Item>();
      const sub = c.client.live.onProfiles.subscribe(
        {},
        { onData: inbox.push, onError: inbox.fail },
      );
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      await change(app, patientB.id, 42);
      await inbox.until(
        (items) =>
          items.some(
            (i) => (i.data.payload as { profile?: { version?: number } })?.profile?.version === 42,
          ),
        2_000,
      );
      expect(Date.now() - started).toBeLessThan(1_000);
      sub.unsubscribe();
      c.close();
    } finally {
      expect(await other.stop()).toBe(0);
    }
  }, 60_000);
});
