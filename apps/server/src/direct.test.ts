import { channels, type NewEvent, withChanges } from "@dentalcare/api";
import { hashPassword } from "@dentalcare/db";
import type { TestDatabase } from "@dentalcare/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { RunningApp } from "./app.ts";
import { connect, Inbox, startTestServer, testDatabase, tokenFor } from "./testing.ts";

// Live subscriptions on WebSockets leave tRPC's per-item loop once caught up (the direct path,
// packages/api/src/realtime/direct.ts). Seen from a client nothing may change: same frames,
// same ids, stop and resume as before, no marker ever on the wire.

let db: TestDatabase;
let app: RunningApp;

async function user<R extends "patient" | "admin">(role: R, name: string) {
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

function slotTaken(n: number): NewEvent {
  const startsAt = new Date(Date.UTC(2026, 11, 1, 9, n)).toISOString();
  return {
    type: "slots.changed",
    table: "appointments",
    recordId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    channels: [channels.slotsOfDentist("d1"), channels.slotsGlobal()],
    payload: { dentistId: "d1", startsAt, endsAt: startsAt, effect: "taken", reason: "booking" },
  };
}

async function until(check: () => boolean, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A bare WebSocket speaking tRPC's protocol, recording every frame the server sends. */
async function rawClient(token: string) {
  const ws = new WebSocket(`${app.wsUrl}?connectionParams=1`);
  const frames: string[] = [];
  ws.on("message", (data) => frames.push(String(data)));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.send(JSON.stringify({ method: "connectionParams", data: { token } }));
  return {
    frames,
    parsed: () =>
      frames.map(
        (f) =>
          JSON.parse(f) as {
            id: unknown;
            result?: {
              type: string;
              id?: string;
              data?: { id: string; data: { id: string; actorId: string | null } };
            };
          },
      ),
    send: (message: unknown) => ws.send(JSON.stringify(message)),
    close: () => ws.close(),
  };
}

beforeAll(async () => {
  db = await testDatabase();
  app = await startTestServer(db);
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

describe("the direct path of live subscriptions", () => {
  it("sends the same frames tRPC would, never the handoff marker, and stops on request", async () => {
    const admin = await user("admin", "Ada");
    const client = await rawClient(await tokenFor(app, admin));
    try {
      client.send({
        id: 41,
        method: "subscription",
        params: { path: "live.onSlots", input: {} },
      });
      await until(() => app.directSubscriptions() === 1);
      await withChanges(app.deps, admin.id, async (_tx, emit) => {
        emit(slotTaken(1));
        emit(slotTaken(2));
      });
      await until(() => client.frames.length >= 3);
      const [started, first, second] = client.parsed();
      expect(started).toEqual({ id: 41, result: { type: "started" } });
      for (const frame of [first, second]) {
        expect(frame?.id).toBe(41);
        expect(frame?.result?.type).toBe("data");
        expect(frame?.result?.id).toBe(frame?.result?.data?.id);
        expect(frame?.result?.data?.data.id).toBe(frame?.result?.id);
        // Admins see who made the change.
        expect(frame?.result?.data?.data.actorId).toBe(admin.id);
      }
      expect(Number(second?.result?.id)).toBeGreaterThan(Number(first?.result?.id));
      client.send({ id: 41, method: "subscription.stop" });
      await until(() => app.directSubscriptions() === 0);
      await until(() => client.frames.length >= 4);
      expect(client.parsed()[3]).toEqual({ id: 41, result: { type: "stopped" } });
      for (const frame of client.frames) {
        expect(frame).not.toContain("~direct");
        expect(frame).not.toContain("\u0000");
      }
    } finally {
      client.close();
    }
  });

  it("hides the actor of slot changes from patients and shows it to admins", async () => {
    const admin = await user("admin", "Ann");
    const patient = await user("patient", "Pat");
    const clients = [
      connect(app.url, await tokenFor(app, admin)),
      connect(app.url, await tokenFor(app, patient)),
    ];
    type Item = { id: string; data: { type: string; actorId?: string | null } };
    const [staff, own] = [new Inbox<Item>(), new Inbox<Item>()];
    const subs = [
      clients[0]?.client.live.onSlots.subscribe({}, { onData: staff.push, onError: staff.fail }),
      clients[1]?.client.live.onSlots.subscribe({}, { onData: own.push, onError: own.fail }),
    ];
    try {
      await until(() => app.directSubscriptions() === 2);
      await withChanges(app.deps, admin.id, async (_tx, emit) => emit(slotTaken(3)));
      await staff.until((items) => items.length === 1);
      await own.until((items) => items.length === 1);
      expect(staff.items[0]?.data.actorId).toBe(admin.id);
      expect(own.items[0]?.data.actorId).toBeNull();
      expect(own.items[0]?.id).toBe(staff.items[0]?.id);
    } finally {
      for (const s of subs) s?.unsubscribe();
      for (const c of clients) c.close();
    }
    await until(() => app.directSubscriptions() === 0);
  });

  it("frees the route when the socket closes without a stop", async () => {
    const admin = await user("admin", "Abe");
    const client = await rawClient(await tokenFor(app, admin));
    client.send({ id: 1, method: "subscription", params: { path: "live.onProfiles", input: {} } });
    await until(() => app.directSubscriptions() === 1);
    client.close();
    await until(() => app.directSubscriptions() === 0);
  });
});
