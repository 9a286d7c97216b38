import { defaultApiConfig, TokenService } from "@dentalcare/api";
import type { BenchData } from "./database.ts";

// Who subscribes to what, who books which slot, and the tokens they do it with.

export type Role = "admin" | "dentist" | "patient";

/** Tokens minted offline with the server's secret: no logins needed for 10,000 clients. */
export class TokenMint {
  readonly #service: TokenService;
  readonly #cache = new Map<string, string>();

  constructor(secret: string) {
    this.#service = new TokenService({
      secret,
      issuer: defaultApiConfig.jwtIssuer,
      // Longer than any run: the server closes a connection when its token expires.
      ttlSeconds: 6 * 3600,
    });
  }

  async token(id: string, role: Role): Promise<string> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const { token } = await this.#service.issue({ id, role });
    this.#cache.set(id, token);
    return token;
  }
}

export interface BookingInput {
  dentistId: string;
  typeId: string;
  startsAt: string;
}

const DAY_MS = 86_400_000;

/**
 * Hands out slots nobody has been given before. Consecutive slots go to different dentists
 * and then different days, so each booking contends as little as possible with the last ones
 * (the per-dentist lock and the per-day free-slot check stay cheap).
 */
export class SlotAllocator {
  #next = 0;
  readonly #firstDay: number;
  readonly #days = 160;
  readonly #perDay: number;

  constructor(
    private readonly data: BenchData,
    now: Date,
  ) {
    // Two days ahead: clear of the booking notice period whatever the time of day.
    this.#firstDay = Math.floor(now.getTime() / DAY_MS) * DAY_MS + 2 * DAY_MS;
    this.#perDay = (24 * 60) / data.slotMinutes;
  }

  get used(): number {
    return this.#next;
  }

  next(): BookingInput {
    const k = this.#next++;
    const dentists = this.data.dentists.length;
    const dentist = this.data.dentists[k % dentists];
    const day = Math.floor(k / dentists) % this.#days;
    const slot = Math.floor(k / (dentists * this.#days));
    if (!dentist || slot >= this.#perDay) throw new Error("the bench ran out of distinct slots");
    const startsAt = new Date(
      this.#firstDay + day * DAY_MS + slot * this.data.slotMinutes * 60_000,
    );
    return { dentistId: dentist, typeId: this.data.typeId, startsAt: startsAt.toISOString() };
  }

  take(count: number): BookingInput[] {
    return Array.from({ length: count }, () => this.next());
  }
}

/** The key a delivered event is matched to its booking by. */
export function slotKey(dentistId: string, startsAt: string): string {
  return `${dentistId}|${startsAt}`;
}

export type SubscriberKind = "admin" | "slotsGlobal" | "slotsDentist" | "dentist" | "patient";

export interface Subscriber {
  index: number;
  kind: SubscriberKind;
  userId: string;
  role: Role;
  path: string;
  input: Record<string, string>;
  /** The dentist whose channel it hears (slotsDentist, dentist). */
  dentistId?: string;
}

/**
 * A realistic mix in every block of 100 subscribers, so any prefix (1,000, 5,000, 10,000)
 * has the same shape: 1 admin on the clinic-wide appointment feed, 1 screen on all slots
 * (a front desk, the chatbot), 8 patients watching one dentist's calendar, 5 dentist
 * screens on their own appointments, 85 patients on their own appointments.
 */
export function subscriberKind(index: number): SubscriberKind {
  const r = index % 100;
  if (r === 0) return "admin";
  if (r === 1) return "slotsGlobal";
  if (r < 10) return "slotsDentist";
  if (r < 15) return "dentist";
  return "patient";
}

export function planSubscribers(data: BenchData, count: number): Subscriber[] {
  const counters: Record<SubscriberKind, number> = {
    admin: 0,
    slotsGlobal: 0,
    slotsDentist: 0,
    dentist: 0,
    patient: 0,
  };
  const pick = (list: string[], i: number, what: string): string => {
    const value = list[((i % list.length) + list.length) % list.length];
    if (!value) throw new Error(`no ${what} seeded`);
    return value;
  };
  const result: Subscriber[] = [];
  for (let index = 0; index < count; index++) {
    const kind = subscriberKind(index);
    const n = counters[kind]++;
    switch (kind) {
      case "admin":
        result.push({
          index,
          kind,
          userId: pick(data.admins, n, "admin"),
          role: "admin",
          path: "live.onAppointments",
          input: {},
        });
        break;
      case "slotsGlobal":
        result.push({
          index,
          kind,
          userId: pick(data.patients, data.patients.length - 1 - n, "patient"),
          role: "patient",
          path: "live.onSlots",
          input: {},
        });
        break;
      case "slotsDentist": {
        const dentistId = pick(data.dentists, n, "dentist");
        result.push({
          index,
          kind,
          userId: pick(data.patients, data.patients.length - 1 - n - 200, "patient"),
          role: "patient",
          path: "live.onSlots",
          input: { dentistId },
          dentistId,
        });
        break;
      }
      case "dentist": {
        const dentistId = pick(data.dentists, n, "dentist");
        result.push({
          index,
          kind,
          userId: dentistId,
          role: "dentist",
          path: "live.onAppointments",
          input: {},
          dentistId,
        });
        break;
      }
      case "patient":
        if (n >= data.patients.length) throw new Error("not enough patients seeded");
        result.push({
          index,
          kind,
          userId: pick(data.patients, n, "patient"),
          role: "patient",
          path: "live.onAppointments",
          input: {},
        });
        break;
    }
  }
  return result;
}

/** How many subscribers hear a booking: each matching subscription gets exactly one event. */
export class DeliveryIndex {
  readonly #everything: number;
  readonly #byDentist = new Map<string, number>();
  readonly #byPatient = new Map<string, number>();

  constructor(subscribers: Subscriber[]) {
    let everything = 0;
    for (const s of subscribers) {
      if (s.kind === "admin" || s.kind === "slotsGlobal") everything++;
      else if (s.kind === "patient")
        this.#byPatient.set(s.userId, (this.#byPatient.get(s.userId) ?? 0) + 1);
      else if (s.dentistId)
        this.#byDentist.set(s.dentistId, (this.#byDentist.get(s.dentistId) ?? 0) + 1);
    }
    this.#everything = everything;
  }

  expected(booking: { dentistId: string; patientId: string }): number {
    return (
      this.#everything +
      (this.#byDentist.get(booking.dentistId) ?? 0) +
      (this.#byPatient.get(booking.patientId) ?? 0)
    );
  }
}
