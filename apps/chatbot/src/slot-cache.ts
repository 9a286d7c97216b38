// Free slots the worker has looked up, kept right by the live feeds (requirement 2.3): a slot
// taken anywhere disappears from every cached day of that dentist the moment its event
// arrives; a slot freed or a schedule changed drops the dentist's days, so the next read
// fetches them again. While the feeds are down nothing is cached at all.

export interface CachedSlot {
  startsAt: string;
  endsAt: string;
  /** HH:MM on the dentist's clock. */
  localTime: string;
}

export interface SlotKey {
  /** Whose view: a patient's own holds do not hide slots from that patient. */
  viewer: string;
  dentistId: string;
  date: string;
  /** The treatment, or the duration when searching without one. */
  length: string;
}

export interface SlotChange {
  dentistId: string;
  startsAt: string;
  endsAt: string;
  effect: "taken" | "freed";
}

interface Entry {
  dentistId: string;
  slots: CachedSlot[];
  loadedAt: number;
}

export class SlotCache {
  readonly #entries = new Map<string, Entry>();
  /** Bumped on every change of a dentist; a load that raced with one is not stored. */
  readonly #versions = new Map<string, number>();
  #epoch = 0;
  #live = false;

  constructor(private readonly options: { maxAgeMs?: number; now?: () => number } = {}) {}

  static keyOf(k: SlotKey): string {
    return `${k.viewer}|${k.dentistId}|${k.date}|${k.length}`;
  }

  /** Whether the live feeds are connected; only then is anything kept. */
  setLive(live: boolean): void {
    this.#live = live;
    if (!live) this.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  peek(key: SlotKey): CachedSlot[] | undefined {
    const entry = this.#entries.get(SlotCache.keyOf(key));
    return entry && this.#fresh(entry) ? entry.slots : undefined;
  }

  async get(key: SlotKey, load: () => Promise<CachedSlot[]>): Promise<CachedSlot[]> {
    const cached = this.peek(key);
    if (cached) return cached;
    const version = this.#version(key.dentistId);
    const epoch = this.#epoch;
    const slots = await load();
    if (this.#live && epoch === this.#epoch && version === this.#version(key.dentistId)) {
      this.#entries.set(SlotCache.keyOf(key), {
        dentistId: key.dentistId,
        slots,
        loadedAt: this.#now(),
      });
    }
    return slots;
  }

  /** A `slots.changed` event. */
  slotsChanged(change: SlotChange): void {
    this.#bump(change.dentistId);
    for (const [key, entry] of this.#entries) {
      if (entry.dentistId !== change.dentistId) continue;
      if (change.effect === "freed") {
        this.#entries.delete(key);
        continue;
      }
      entry.slots = entry.slots.filter(
        (s) => !(s.startsAt < change.endsAt && change.startsAt < s.endsAt),
      );
    }
  }

  /** An `availability.updated` event: the dentist's hours changed. */
  availabilityChanged(dentistId: string): void {
    this.#bump(dentistId);
    for (const [key, entry] of this.#entries) {
      if (entry.dentistId === dentistId) this.#entries.delete(key);
    }
  }

  clear(): void {
    this.#epoch++;
    this.#entries.clear();
  }

  #fresh(entry: Entry): boolean {
    return this.#now() - entry.loadedAt < (this.options.maxAgeMs ?? 60_000);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  #version(dentistId: string): number {
    return this.#versions.get(dentistId) ?? 0;
  }

  #bump(dentistId: string): void {
    this.#versions.set(dentistId, this.#version(dentistId) + 1);
  }
}
