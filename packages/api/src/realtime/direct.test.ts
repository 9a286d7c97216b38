import { describe, expect, it } from "vitest";
import { claimHandoff, DirectFanout, type FrameSocket, Handoff } from "./direct.ts";
import type { ChangeEvent } from "./event-types.ts";
import type { Listener } from "./hub.ts";

// The direct path with a fake hub and fake sockets: what it writes must be exactly what tRPC's
// WebSocket handler would have written for the same tracked event.

class FakeHub {
  listeners = new Set<Listener>();
  subscribe(listener: Listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  publish(event: ChangeEvent) {
    for (const l of this.listeners) l(event);
  }
}

class FakeSocket implements FrameSocket {
  readyState = 1;
  frames: string[] = [];
  buffers: Buffer[] = [];
  send(frame: Buffer, options: { binary: false }) {
    expect(options.binary).toBe(false);
    this.buffers.push(frame);
    this.frames.push(frame.toString("utf8"));
  }
  parsed(): unknown[] {
    return this.frames.map((f) => JSON.parse(f));
  }
}

function slotEvent(id: number, actorId: string | null = "actor-1"): ChangeEvent {
  return {
    id: String(id),
    type: "slots.changed",
    table: "appointments",
    recordId: `rec-${id}`,
    channels: ["slots:dentist:d1", "slots:global"],
    payload: {
      dentistId: "d1",
      startsAt: "2026-12-01T09:00:00.000Z",
      endsAt: "2026-12-01T09:30:00.000Z",
      effect: "taken",
      reason: "booking",
    },
    actorId,
    createdAt: "2026-11-22T00:00:00.000Z",
  };
}

/** What tRPC's handler sends for `yield tracked(event.id, data)` on subscription `id`. */
function trpcFrame(id: unknown, event: ChangeEvent, jsonrpc?: string) {
  return {
    id,
    ...(jsonrpc ? { jsonrpc } : {}),
    result: { type: "data", id: event.id, data: { id: event.id, data: event } },
  };
}

describe("DirectFanout", () => {
  it("writes the frame tRPC would write, once per subscriber, in log order", () => {
    const hub = new FakeHub();
    const fanout = new DirectFanout(hub);
    const a = new FakeSocket();
    const b = new FakeSocket();
    fanout.open(a, '{"id":7', { channels: ["slots:global"], hideActor: false, last: 0n });
    fanout.open(b, '{"id":"x","jsonrpc":"2.0"', {
      channels: ["slots:dentist:d1"],
      hideActor: false,
      last: 0n,
    });
    hub.publish(slotEvent(1));
    hub.publish(slotEvent(2));
    expect(a.parsed()).toEqual([trpcFrame(7, slotEvent(1)), trpcFrame(7, slotEvent(2))]);
    expect(b.parsed()).toEqual([
      trpcFrame("x", slotEvent(1), "2.0"),
      trpcFrame("x", slotEvent(2), "2.0"),
    ]);
  });

  it("sends an event on several of a subscriber's channels once, and nothing at or before its cursor", () => {
    const hub = new FakeHub();
    const fanout = new DirectFanout(hub);
    const socket = new FakeSocket();
    const route = fanout.open(socket, '{"id":1', {
      channels: ["slots:global", "slots:dentist:d1"],
      hideActor: false,
      last: 1n,
    });
    hub.publish(slotEvent(1));
    hub.publish(slotEvent(2));
    route.deliver(slotEvent(2));
    route.deliver(slotEvent(3));
    expect(socket.parsed().map((f) => (f as { result: { id: string } }).result.id)).toEqual([
      "2",
      "3",
    ]);
  });

  it("hides the actor from subscribers that may not see it, and from them only", () => {
    const hub = new FakeHub();
    const fanout = new DirectFanout(hub);
    const patient = new FakeSocket();
    const admin = new FakeSocket();
    fanout.open(patient, '{"id":1', { channels: ["slots:global"], hideActor: true, last: 0n });
    fanout.open(admin, '{"id":1', { channels: ["slots:global"], hideActor: false, last: 0n });
    hub.publish(slotEvent(5, "someone"));
    expect(patient.parsed()).toEqual([trpcFrame(1, { ...slotEvent(5), actorId: null })]);
    expect(admin.parsed()).toEqual([trpcFrame(1, slotEvent(5, "someone"))]);
    expect(patient.frames[0]).not.toContain("someone");
  });

  it("stops writing after stop() and to sockets that are closing; counts deliveries", () => {
    const hub = new FakeHub();
    const counted: number[] = [];
    const fanout = new DirectFanout(hub, (n) => counted.push(n));
    const open = new FakeSocket();
    const closing = new FakeSocket();
    closing.readyState = 2;
    const route = fanout.open(open, '{"id":1', {
      channels: ["slots:global"],
      hideActor: false,
      last: 0n,
    });
    fanout.open(closing, '{"id":1', { channels: ["slots:global"], hideActor: false, last: 0n });
    expect(fanout.size).toBe(2);
    hub.publish(slotEvent(1));
    route.stop();
    hub.publish(slotEvent(2));
    expect(open.frames).toHaveLength(1);
    expect(closing.frames).toHaveLength(0);
    expect(fanout.size).toBe(1);
    expect(counted).toEqual([1]);
    fanout.close();
    expect(hub.listeners.size).toBe(0);
  });

  it("encodes an event once for all subscribers whose subscriptions share a wire id", () => {
    const hub = new FakeHub();
    const fanout = new DirectFanout(hub);
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    const prefixes = ['{"id":1', '{"id":1', '{"id":2'];
    sockets.forEach((socket, i) => {
      fanout.open(socket, prefixes[i] ?? "", {
        channels: ["slots:global"],
        hideActor: false,
        last: 0n,
      });
    });
    hub.publish(slotEvent(1));
    const [a, b, c] = sockets.map((socket) => socket.buffers[0]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(JSON.parse(String(c))).toEqual(trpcFrame(2, slotEvent(1)));
  });
});

describe("claimHandoff", () => {
  it("leaves ordinary messages alone", () => {
    expect(claimHandoff({ id: 1, result: { type: "started" } })).toBe(false);
    expect(claimHandoff({ id: 1, result: { type: "data", id: "42", data: {} } })).toBe(false);
    expect(claimHandoff({ id: null, error: { message: "x" } })).toBe(false);
    expect(claimHandoff("PONG")).toBe(false);
  });

  it("records the wire id of the subscription that yielded the marker", () => {
    const handoff = new Handoff(9n);
    const [key, data] = handoff.envelope();
    expect(data).toEqual({ type: "sync.reset", reason: "history_pruned", id: "9" });
    const message = {
      id: 12,
      jsonrpc: "2.0",
      result: { type: "data", id: key, data: { id: key, data } },
    };
    expect(claimHandoff(message)).toBe(true);
    expect(handoff.prefix).toBe('{"id":12,"jsonrpc":"2.0"');
    // Claimed once: a second sight of the same key changes nothing but is still not sent.
    const other = new Handoff(9n);
    expect(claimHandoff({ id: 13, result: { type: "data", id: key } })).toBe(true);
    expect(other.prefix).toBeNull();
  });

  it("does not claim a released marker", () => {
    const handoff = new Handoff(1n);
    const [key] = handoff.envelope();
    handoff.release();
    expect(claimHandoff({ id: 3, result: { type: "data", id: key } })).toBe(true);
    expect(handoff.prefix).toBeNull();
  });
});
