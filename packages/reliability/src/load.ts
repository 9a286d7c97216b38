import { tokenFor } from "./clients.ts";
import type { Clinic } from "./cluster.ts";

// Bookings at a steady rate over REST, each for a slot nobody else was given: the drills
// count what committed from the database, and what the clients were told from here.

export interface BookingResult {
  at: number;
  ms: number;
  status: number;
  code?: string;
  id?: string;
  error?: string;
}

export class SlotAllocator {
  #next = 0;
  readonly #start: number;
  constructor(private readonly clinic: Clinic) {
    // Two days ahead (clear of the notice period), on the grid.
    const day = 86_400_000;
    this.#start = Math.floor(Date.now() / day) * day + 2 * day;
  }
  next(): { dentistId: string; startsAt: string } {
    const n = this.#next++;
    const dentists = this.clinic.dentists.length;
    const dentistId = this.clinic.dentists[n % dentists] ?? "";
    const slot = Math.floor(n / dentists);
    return {
      dentistId,
      startsAt: new Date(this.#start + slot * this.clinic.slotMinutes * 60_000).toISOString(),
    };
  }
}

export interface BookingLoad {
  results: BookingResult[];
  stop(): Promise<void>;
}

/** Books `perSecond` times a second against `target()` (read at each request) until stopped. */
export async function startBookings(
  clinic: Clinic,
  target: () => string,
  perSecond: number,
  slots = new SlotAllocator(clinic),
): Promise<BookingLoad> {
  const tokens = await Promise.all(clinic.patients.map((id) => tokenFor(id, "patient")));
  const results: BookingResult[] = [];
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  const book = async () => {
    const token = tokens[n++ % tokens.length] ?? "";
    const at = Date.now();
    const started = performance.now();
    const result: BookingResult = { at, ms: 0, status: 0 };
    try {
      const res = await fetch(`${target()}/api/appointments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...slots.next(), typeId: clinic.typeId }),
        signal: AbortSignal.timeout(15_000),
      });
      result.status = res.status;
      const body = (await res.json().catch(() => ({}))) as {
        id?: string;
        error?: { code?: string };
      };
      if (body.id) result.id = body.id;
      if (body.error?.code) result.code = body.error.code;
    } catch (error) {
      result.code = (error as Error).name === "TimeoutError" ? "TIMEOUT" : "CONNECTION_FAILED";
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      result.error = cause?.code ?? cause?.message ?? (error as Error).message;
    }
    result.ms = performance.now() - started;
    results.push(result);
  };
  const timer = setInterval(() => {
    const p = book().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / perSecond);
  return {
    results,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return condition();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
