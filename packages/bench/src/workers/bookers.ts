import { setMaxListeners } from "node:events";
import { encodeHistogram, newHistogram, recordMs } from "../histogram.ts";
import type { BookArgs, BookingItem, BookReport, RaceArgs, RaceReport } from "./protocol.ts";
import { type MutationResult, mutate } from "./trpc-http.ts";

// Bookings as `appointments.create` over tRPC's HTTP wire format (trpc-http.ts), each as the
// patient whose token the item carries.

function book(url: string, item: BookingItem, signal: AbortSignal): Promise<MutationResult> {
  return mutate({
    url,
    path: "appointments.create",
    input: item.input,
    token: item.token,
    from: item.from,
    signal,
  });
}

/** One signal for every request of a run: anything still open 10 s past the bound is cut. */
function boundedAbort(maxSeconds: number) {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(), maxSeconds * 1000 + 10_000);
  return { signal: controller.signal, timer };
}

const wallToPerf = (epochMs: number) => performance.now() + (epochMs - Date.now());

export async function runBookings(args: BookArgs): Promise<BookReport> {
  const service = newHistogram();
  const scheduled = newHistogram();
  const succeeded: number[] = [];
  const errors: Record<string, number> = {};
  let firstError: string | null = null;
  let attempted = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = 0;
  const deadline = performance.now() + args.maxSeconds * 1000;
  const abort = boundedAbort(args.maxSeconds);
  const stopTimer = abort.timer;

  const one = async (index: number, intendedPerf: number) => {
    const item = args.items[index];
    if (!item) return;
    attempted++;
    const start = performance.now();
    firstStart = Math.min(firstStart, Date.now());
    const result = await book(args.url, item, abort.signal);
    if (result.ok) {
      succeeded.push(index);
    } else {
      errors[result.code] = (errors[result.code] ?? 0) + 1;
      firstError ??= `${result.code}: ${result.message}`;
    }
    const end = performance.now();
    lastEnd = Math.max(lastEnd, Date.now());
    recordMs(service, end - start);
    recordMs(scheduled, end - intendedPerf);
  };

  if (args.mode === "closed") {
    let next = 0;
    const loops = Array.from({ length: args.concurrency }, async () => {
      while (next < args.items.length && performance.now() < deadline) {
        const index = next++;
        await one(index, performance.now());
      }
    });
    await Promise.all(loops);
  } else {
    const rate = args.rate ?? 1;
    const t0 = wallToPerf(args.startAt ?? Date.now());
    const interval = 1000 / rate;
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < args.items.length; i++) {
      const intended = t0 + i * interval;
      const wait = intended - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (performance.now() > deadline) break;
      // At the cap the booking waits for a free lane; its latency still counts from the time
      // it was due, so a stall shows up in the figures instead of slowing the schedule.
      while (inFlight.size >= args.concurrency) await Promise.race(inFlight);
      const p = one(i, intended).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }
  clearTimeout(stopTimer);
  return {
    attempted,
    succeeded,
    errors,
    firstError,
    serviceTime: encodeHistogram(service),
    scheduleToResponse: encodeHistogram(scheduled),
    firstStartAt: Number.isFinite(firstStart) ? firstStart : Date.now(),
    lastEndAt: lastEnd,
  };
}

/** Rounds of clients racing for one slot: all requests of a round leave together. */
export async function runRaces(args: RaceArgs): Promise<RaceReport> {
  const winners = newHistogram();
  const losers = newHistogram();
  const winnersPerRound: number[] = [];
  const losersByCode: Record<string, number> = {};
  let firstError: string | null = null;
  const deadline = performance.now() + args.maxSeconds * 1000;
  const abort = boundedAbort(args.maxSeconds);
  const stopTimer = abort.timer;
  for (const round of args.rounds) {
    if (performance.now() > deadline) break;
    let won = 0;
    await Promise.all(
      round.map(async (item) => {
        const start = performance.now();
        const result = await book(args.url, item, abort.signal);
        if (result.ok) {
          won++;
          recordMs(winners, performance.now() - start);
        } else {
          losersByCode[result.code] = (losersByCode[result.code] ?? 0) + 1;
          if (result.code !== "SLOT_UNAVAILABLE")
            firstError ??= `${result.code}: ${result.message}`;
          recordMs(losers, performance.now() - start);
        }
      }),
    );
    winnersPerRound.push(won);
  }
  clearTimeout(stopTimer);
  return {
    rounds: winnersPerRound.length,
    winnersPerRound,
    losersByCode,
    firstError,
    winnerLatency: encodeHistogram(winners),
    loserLatency: encodeHistogram(losers),
  };
}
