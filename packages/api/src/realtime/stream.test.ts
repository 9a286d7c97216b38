import { describe, expect, it } from "vitest";
import { claimHandoff, Handoff, type Route } from "./direct.ts";
import type { ChangeEvent } from "./event-types.ts";
import type { EventHub, Listener } from "./hub.ts";
import { type StreamItem, type StreamOptions, streamEvents } from "./stream.ts";

const asIs = (item: StreamItem) => item;
const orHandoff = (item: StreamItem): StreamItem | Handoff => item;

// Unit tests of the subscription stream with a stand-in hub; the same stream runs against a
// real database and real sockets in apps/server/src/realtime.test.ts.

class FakeHub {
  listeners = new Set<Listener>();
  cursor = 0n;
  stored: ChangeEvent[] = [];
  horizonId = 0n;
  log = {
    horizon: async () => this.horizonId,
    afterOnChannels: async (after: bigint, through: bigint, chans: string[], limit: number) =>
      this.stored
        .filter(
          (e) =>
            BigInt(e.id) > after &&
            BigInt(e.id) <= through &&
            e.channels.some((c) => chans.includes(c)),
        )
        .slice(0, limit),
  };
  subscribe(l: Listener) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  publish(e: ChangeEvent) {
    this.stored.push(e);
    this.cursor = BigInt(e.id);
    for (const l of this.listeners) l(e);
  }
}

function event(id: number, channel = "profiles:all"): ChangeEvent {
  return {
    id: String(id),
    type: "slots.changed",
    table: "slot_reservations",
    recordId: "r",
    channels: [channel],
    payload: { dentistId: "d", startsAt: "", endsAt: "", effect: "taken", reason: "hold" },
    actorId: null,
    createdAt: new Date().toISOString(),
  };
}

async function take(gen: AsyncGenerator<{ id: string }>, n: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < n) {
    const r = await gen.next();
    if (r.done) break;
    out.push(r.value.id);
  }
  return out;
}

/** A stream on the fake hub, with the options most tests share; `options` overrides them. */
function streamOn<T>(
  hub: FakeHub,
  present: (item: StreamItem) => T,
  options: Partial<StreamOptions<T>> & Pick<StreamOptions<T>, "signal">,
) {
  return streamEvents<T>({
    present,
    hub: hub as unknown as EventHub,
    channels: ["profiles:all"],
    lastEventId: null,
    maxQueue: 100,
    onOverflow: () => undefined,
    ...options,
  });
}
describe("streamEvents", () => {
  it("replays after the cursor, then continues live without duplicates", async () => {
    const hub = new FakeHub();
    for (let i = 1; i <= 5; i++) hub.publish(event(i));
    const abort = new AbortController();
    const gen = streamOn(hub, asIs, {
      lastEventId: "2",
      signal: abort.signal,
    });
    const first = take(gen, 3);
    // Published while the replay runs: must appear once, after the replayed events.
    hub.publish(event(6));
    expect(await first).toEqual(["3", "4", "5"]);
    hub.publish(event(7));
    expect(await take(gen, 2)).toEqual(["6", "7"]);
    abort.abort();
    expect((await gen.next()).done).toBe(true);
    expect(hub.listeners.size).toBe(0);
  });

  it("replays only up to the hub's cursor, so an id committed late is not skipped", async () => {
    const hub = new FakeHub();
    hub.publish(event(1));
    // Id 3 is committed, id 2 not yet: the hub has handed out 1 and waits for 2.
    hub.stored.push(event(3));
    const abort = new AbortController();
    const gen = streamOn(hub, asIs, {
      lastEventId: "0",
      signal: abort.signal,
    });
    expect(await take(gen, 1)).toEqual(["1"]);
    const rest = take(gen, 2);
    // Id 2 commits; the hub hands out 2, then 3.
    hub.stored.splice(1, 0, event(2));
    for (const e of [event(2), event(3)]) {
      hub.cursor = BigInt(e.id);
      for (const l of hub.listeners) l(e);
    }
    expect(await rest).toEqual(["2", "3"]);
    abort.abort();
  });

  it("skips events on other channels", async () => {
    const hub = new FakeHub();
    const gen = streamOn(hub, asIs, {
      channels: ["mine"],
      signal: undefined,
    });
    const next = take(gen, 1);
    hub.publish(event(1, "other"));
    hub.publish(event(2, "mine"));
    expect(await next).toEqual(["2"]);
    await gen.return(undefined);
  });

  it("signals a resync when the cursor is older than the retained history", async () => {
    const hub = new FakeHub();
    hub.publish(event(10));
    hub.horizonId = 8n;
    const gen = streamOn(hub, asIs, {
      lastEventId: "3",
      signal: undefined,
    });
    const first = await gen.next();
    expect(first.value).toEqual({ type: "sync.reset", reason: "history_pruned", id: "10" });
    await gen.return(undefined);
  });

  it("cuts off a consumer whose queue overflows instead of buffering without bound", async () => {
    const hub = new FakeHub();
    let overflowed = 0;
    const gen = streamOn(hub, asIs, {
      signal: undefined,
      maxQueue: 10,
      onOverflow: () => {
        overflowed++;
      },
    });
    const first = gen.next();
    hub.publish(event(1));
    expect((await first).value).toMatchObject({ id: "1" });
    // The consumer stops reading while 50 more arrive.
    for (let i = 2; i <= 51; i++) hub.publish(event(i));
    const drained = await take(gen, 100);
    expect(drained.length).toBeLessThanOrEqual(10);
    expect(overflowed).toBe(1);
    expect(hub.listeners.size).toBe(0);
  });

  it("rejects a malformed cursor with a validation error", async () => {
    const hub = new FakeHub();
    const gen = streamOn(hub, asIs, {
      channels: ["x"],
      lastEventId: "abc",
      signal: undefined,
      maxQueue: 10,
    });
    await expect(gen.next()).rejects.toMatchObject({ appCode: "VALIDATION_ERROR" });
  });

  it("hands the live part to the direct path after the replay, with what arrived meanwhile", async () => {
    const hub = new FakeHub();
    for (let i = 1; i <= 3; i++) hub.publish(event(i));
    const abort = new AbortController();
    const delivered: string[] = [];
    const opened: { prefix: string; last: bigint }[] = [];
    let stopped = false;
    const gen = streamOn(hub, orHandoff, {
      lastEventId: "1",
      signal: abort.signal,
      direct: {
        marker: (handoff) => handoff,
        open: (prefix, last): Route => {
          opened.push({ prefix, last });
          return { deliver: (e) => delivered.push(e.id), stop: () => (stopped = true) };
        },
      },
    });
    const replayed: string[] = [];
    let handoff: Handoff | null = null;
    while (!handoff) {
      const r = await gen.next();
      if (r.done) throw new Error("ended early");
      if (r.value instanceof Handoff) handoff = r.value;
      else replayed.push(r.value.id);
    }
    expect(replayed).toEqual(["2", "3"]);
    // Published while the marker is on its way to the transport: goes out by the route.
    hub.publish(event(4));
    const [key] = handoff.envelope();
    expect(claimHandoff({ id: 5, result: { type: "data", id: key } })).toBe(true);
    const waiting = gen.next();
    await new Promise((r) => setTimeout(r, 10));
    expect(opened).toEqual([{ prefix: '{"id":5', last: 3n }]);
    expect(delivered).toEqual(["4"]);
    // The stream no longer listens itself; the route (the fan-out) does.
    expect(hub.listeners.size).toBe(0);
    expect(stopped).toBe(false);
    abort.abort();
    expect((await waiting).done).toBe(true);
    expect(stopped).toBe(true);
  });

  it("goes on by itself when the transport did not claim the handoff", async () => {
    const hub = new FakeHub();
    const abort = new AbortController();
    const gen = streamOn(hub, orHandoff, {
      signal: abort.signal,
      direct: {
        marker: (handoff) => handoff,
        open: () => {
          throw new Error("must not open an unclaimed handoff");
        },
      },
    });
    const first = await gen.next();
    expect(first.value).toBeInstanceOf(Handoff);
    const next = gen.next();
    hub.publish(event(1));
    expect(((await next).value as ChangeEvent).id).toBe("1");
    abort.abort();
  });
});
