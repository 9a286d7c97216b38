import type { Clock } from "../clock.ts";
import type { ApiDeps } from "../deps.ts";
import type { ChangeEvent } from "../realtime/event-types.ts";
import type { DentistView, ScheduleView } from "../schemas/views.ts";

// An in-process read cache (requirement 10.5). The database stays the source of truth: an
// instance drops its own entries right after its own writes commit, and every instance drops
// entries when the matching change event reaches its event hub, which is how a write made by
// another instance sharing the database invalidates this one. The TTL only bounds how long an
// entry could survive if an event were ever missed.

export interface TtlCacheOptions {
  ttlMs: number;
  /** Oldest entries are dropped beyond this. */
  maxEntries?: number;
  clock: Clock;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Bumped on every invalidation, so a load that started earlier does not store stale data. */
  readonly #generations = new Map<string, number>();
  #epoch = 0;
  readonly #opts: Required<TtlCacheOptions>;
  hits = 0;
  misses = 0;

  constructor(opts: TtlCacheOptions) {
    this.#opts = { maxEntries: 1_000, ...opts };
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#opts.clock.now().getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, {
      value,
      expiresAt: this.#opts.clock.now().getTime() + this.#opts.ttlMs,
    });
    while (this.#entries.size > this.#opts.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Returns the cached value or loads, stores and returns it. */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const generation = this.#generationOf(key);
    const value = await load();
    // An invalidation that arrived while we were reading may describe a write our read did
    // not see; storing the value would pin the stale version until the TTL ran out.
    if (this.#generationOf(key) === generation) this.set(key, value);
    return value;
  }

  invalidate(key: string): void {
    this.#entries.delete(key);
    this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
  }

  clear(): void {
    this.#entries.clear();
    this.#generations.clear();
    this.#epoch++;
  }

  get size(): number {
    return this.#entries.size;
  }

  #generationOf(key: string): string {
    return `${this.#epoch}:${this.#generations.get(key) ?? 0}`;
  }
}

/** The caches one API instance keeps. */
export class ApiCaches {
  /** One dentist by id. */
  readonly dentists: TtlCache<DentistView>;
  /** Dentist lists, by filter ("active", "all"). */
  readonly dentistLists: TtlCache<DentistView[]>;
  /** Weekly schedules by dentist id, for the availability and slot services. */
  readonly schedules: TtlCache<ScheduleView>;

  constructor(clock: Clock, ttlMs = 5 * 60_000) {
    this.dentists = new TtlCache({ clock, ttlMs });
    this.dentistLists = new TtlCache({ clock, ttlMs, maxEntries: 16 });
    this.schedules = new TtlCache({ clock, ttlMs });
  }

  /** Drops everything derived from one dentist's record, profile or schedule. */
  invalidateDentist(dentistId: string): void {
    this.dentists.invalidate(dentistId);
    this.dentistLists.clear();
  }

  invalidateSchedule(dentistId: string): void {
    this.schedules.invalidate(dentistId);
    this.invalidateDentist(dentistId);
  }

  /** Applies one change event; returns true when it touched a cache. */
  apply(event: ChangeEvent): boolean {
    switch (event.type) {
      case "profile.updated": {
        const { profile } = event.payload;
        if (profile.role !== "dentist") return false;
        this.invalidateDentist(profile.id);
        return true;
      }
      case "availability.updated":
        this.invalidateSchedule(event.payload.schedule.dentistId);
        return true;
      default:
        return false;
    }
  }

  /** Keeps the caches in step with change events from any instance; returns the detach. */
  attachToHub(hub: { subscribe(listener: (event: ChangeEvent) => void): () => void }): () => void {
    return hub.subscribe((event) => {
      this.apply(event);
    });
  }
}

const registry = new WeakMap<ApiDeps, ApiCaches>();

/** The caches of one API instance (one `deps`), attached to its event hub on first use. */
export function cachesFor(deps: ApiDeps): ApiCaches {
  let caches = registry.get(deps);
  if (!caches) {
    caches = new ApiCaches(deps.clock);
    caches.attachToHub(deps.hub);
    registry.set(deps, caches);
  }
  return caches;
}
