import { describe, expect, it } from "vitest";
import { FixedClock } from "../clock.ts";
import type { ChangeEvent } from "../realtime/event-types.ts";
import type { DentistView, ScheduleView } from "../schemas/views.ts";
import { ApiCaches, TtlCache } from "./cache.ts";

// Pure in-memory behaviour; the cache against real change events is in routers/dentists.test.ts.

describe("TtlCache", () => {
  it("expires entries after the TTL, by the injected clock", () => {
    const clock = new FixedClock("2030-01-01T00:00:00Z");
    const cache = new TtlCache<string>({ clock, ttlMs: 1_000 });
    cache.set("k", "v");
    clock.advance(999);
    expect(cache.get("k")).toBe("v");
    clock.advance(1);
    expect(cache.get("k")).toBeUndefined();
  });

  it("loads once and then serves from memory", async () => {
    const cache = new TtlCache<number>({ clock: new FixedClock("2030-01-01"), ttlMs: 60_000 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad("k", load)).toBe(1);
    expect(await cache.getOrLoad("k", load)).toBe(1);
    expect({ loads, hits: cache.hits, misses: cache.misses }).toEqual({
      loads: 1,
      hits: 1,
      misses: 1,
    });
  });

  it("does not store a value whose load raced with an invalidation", async () => {
    const cache = new TtlCache<string>({ clock: new FixedClock("2030-01-01"), ttlMs: 60_000 });
    let release: (value: string) => void = () => {};
    const pending = cache.getOrLoad("k", () => new Promise<string>((r) => (release = r)));
    cache.invalidate("k"); // a change committed while the old row was being read
    release("stale");
    expect(await pending).toBe("stale");
    expect(cache.get("k")).toBeUndefined();
    expect(await cache.getOrLoad("k", async () => "fresh")).toBe("fresh");
    expect(cache.get("k")).toBe("fresh");
  });

  it("keeps at most maxEntries, dropping the oldest", () => {
    const cache = new TtlCache<number>({
      clock: new FixedClock("2030-01-01"),
      ttlMs: 60_000,
      maxEntries: 2,
    });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
  });
});

describe("ApiCaches.apply", () => {
  const clock = new FixedClock("2030-01-01");
  const dentist: DentistView = {
    id: "11111111-1111-4111-8111-111111111111",
    fullName: "Dr A",
    email: "a@clinic.test",
    specialty: "General",
    timeZone: "Europe/London",
    slotMinutes: 15,
    active: true,
    bio: null,
  };
  const schedule: ScheduleView = {
    dentistId: dentist.id,
    timeZone: "Europe/London",
    slotMinutes: 15,
    weekly: [],
    exceptions: [],
    version: 2,
  };
  const base = { id: "1", actorId: null, createdAt: "2030-01-01T00:00:00Z", channels: [] };
  const profileEvent = (role: "dentist" | "patient"): ChangeEvent => ({
    ...base,
    type: "profile.updated",
    table: "users",
    recordId: dentist.id,
    payload: {
      profile: {
        id: dentist.id,
        email: dentist.email,
        role,
        fullName: "Dr A",
        phone: null,
        dateOfBirth: null,
        version: 2,
        updatedAt: "2030-01-01T00:00:00.000Z",
      },
    },
  });

  function filled(): ApiCaches {
    const caches = new ApiCaches(clock);
    caches.dentists.set(dentist.id, dentist);
    caches.dentistLists.set("active", [dentist]);
    caches.schedules.set(dentist.id, schedule);
    return caches;
  }

  it("drops a dentist and the lists on that dentist's profile.updated, keeps the schedule", () => {
    const caches = filled();
    expect(caches.apply(profileEvent("dentist"))).toBe(true);
    expect(caches.dentists.get(dentist.id)).toBeUndefined();
    expect(caches.dentistLists.get("active")).toBeUndefined();
    expect(caches.schedules.get(dentist.id)).toEqual(schedule);
  });

  it("ignores a patient's profile change", () => {
    const caches = filled();
    expect(caches.apply(profileEvent("patient"))).toBe(false);
    expect(caches.dentistLists.get("active")).toEqual([dentist]);
  });

  it("drops the schedule and the dentist on availability.updated", () => {
    const caches = filled();
    caches.apply({
      ...base,
      type: "availability.updated",
      table: "dentists",
      recordId: dentist.id,
      payload: { schedule },
    });
    expect(caches.schedules.get(dentist.id)).toBeUndefined();
    expect(caches.dentists.get(dentist.id)).toBeUndefined();
  });
});
