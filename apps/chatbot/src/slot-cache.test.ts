import { describe, expect, it } from "vitest";
import { type CachedSlot, SlotCache, type SlotKey } from "./slot-cache.ts";

const slot = (hhmm: string, minutes = 30): CachedSlot => {
  const startsAt = `2030-01-08T${hhmm}:00.000Z`;
  return {
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
    localTime: hhmm,
  };
};
const DAY = [slot("09:00"), slot("09:15"), slot("09:30"), slot("10:00")];
const key = (over: Partial<SlotKey> = {}): SlotKey => ({
  viewer: "p1",
  dentistId: "d1",
  date: "2030-01-08",
  length: "t1",
  ...over,
});

function liveCache(now = { t: 0 }) {
  const cache = new SlotCache({ maxAgeMs: 1_000, now: () => now.t });
  cache.setLive(true);
  return cache;
}

describe("SlotCache", () => {
  it("loads once and serves the day from memory", async () => {
    const cache = liveCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return DAY;
    };
    expect(await cache.get(key(), load)).toEqual(DAY);
    expect(await cache.get(key(), load)).toEqual(DAY);
    expect(loads).toBe(1);
    // Each viewer and each length is its own entry.
    await cache.get(key({ viewer: "p2" }), load);
    await cache.get(key({ length: "30m" }), load);
    expect(loads).toBe(3);
  });

  it("drops slots overlapping a taken interval at once, for that dentist only", async () => {
    const cache = liveCache();
    await cache.get(key(), async () => DAY);
    await cache.get(key({ dentistId: "d2" }), async () => DAY);
    cache.slotsChanged({
      dentistId: "d1",
      startsAt: "2030-01-08T09:10:00.000Z",
      endsAt: "2030-01-08T09:40:00.000Z",
      effect: "taken",
    });
    // 09:00 (to 09:30), 09:15 and 09:30 all overlap 09:10–09:40; 10:00 does not.
    expect(cache.peek(key())?.map((s) => s.localTime)).toEqual(["10:00"]);
    expect(cache.peek(key({ dentistId: "d2" }))).toEqual(DAY);
  });

  it("forgets a dentist's days when a slot is freed or the schedule changes", async () => {
    const cache = liveCache();
    await cache.get(key(), async () => DAY);
    await cache.get(key({ date: "2030-01-09" }), async () => DAY);
    cache.slotsChanged({
      dentistId: "d1",
      startsAt: "2030-01-08T11:00:00.000Z",
      endsAt: "2030-01-08T11:30:00.000Z",
      effect: "freed",
    });
    expect(cache.peek(key())).toBeUndefined();
    expect(cache.peek(key({ date: "2030-01-09" }))).toBeUndefined();
    await cache.get(key(), async () => DAY);
    cache.availabilityChanged("d1");
    expect(cache.size).toBe(0);
  });

  it("does not keep a load that raced with a change, nor anything while the feeds are down", async () => {
    const cache = liveCache();
    let release: (slots: CachedSlot[]) => void = () => undefined;
    const pending = cache.get(key(), () => new Promise((resolve) => (release = resolve)));
    cache.slotsChanged({
      dentistId: "d1",
      startsAt: "2030-01-08T09:00:00.000Z",
      endsAt: "2030-01-08T09:30:00.000Z",
      effect: "taken",
    });
    release(DAY);
    expect(await pending).toEqual(DAY);
    expect(cache.peek(key())).toBeUndefined();

    cache.setLive(false);
    await cache.get(key(), async () => DAY);
    expect(cache.size).toBe(0);
  });

  it("expires entries after their age limit as a safety net", async () => {
    const now = { t: 0 };
    const cache = liveCache(now);
    await cache.get(key(), async () => DAY);
    now.t = 999;
    expect(cache.peek(key())).toEqual(DAY);
    now.t = 1_000;
    expect(cache.peek(key())).toBeUndefined();
  });
});
