import { DeliveryIndex, type Subscriber, type SubscriberKind } from "../fixtures.ts";
import { bookingItem, connectSpread, type Harness, nextPatients, sleep } from "../harness.ts";
import { bookingPhase, type PhaseFigures, type PlannedBooking } from "../phases.ts";
import { rssBytes } from "../proc.ts";
import type { ConnectResult, SubscriptionSpec } from "../workers/protocol.ts";

// Scenarios 1 and 2: many authenticated subscribers on our server, bookings committing at a
// fixed rate, every delivery timestamped against the commit stamp of its event.

export interface FanoutLevel {
  subscribers: number;
  mix: Record<SubscriberKind, number>;
  connect: ConnectResult;
  rssAfterConnectBytes: number;
  /** (RSS after connecting − idle RSS) ÷ open connections: the figure the target is about. */
  memoryPerConnectionBytes: number;
  /** RSS growth from the previous level ÷ connections added (less noise from earlier phases). */
  marginalBytesPerConnection: number;
  phase: PhaseFigures;
}

export interface BroadcastResult {
  subscribers: number;
  resubscribe: ConnectResult;
  rate: PhaseFigures;
  burst: PhaseFigures;
}

async function specsFor(h: Harness, subs: Subscriber[]): Promise<SubscriptionSpec[]> {
  const specs: SubscriptionSpec[] = [];
  for (const s of subs) {
    specs.push({ token: await h.tokens.token(s.userId, s.role), path: s.path, input: s.input });
  }
  return specs;
}

async function plan(h: Harness, patients: string[], count: number): Promise<PlannedBooking[]> {
  const result: PlannedBooking[] = [];
  for (let i = 0; i < count; i++) {
    const patientId = patients[i % patients.length];
    if (!patientId) throw new Error("no patients to book with");
    const input = h.slots.next();
    result.push({ input, patientId, item: await bookingItem(h, patientId, input) });
  }
  return result;
}

function mixOf(subs: Subscriber[]): Record<SubscriberKind, number> {
  const mix: Record<SubscriberKind, number> = {
    admin: 0,
    slotsGlobal: 0,
    slotsDentist: 0,
    dentist: 0,
    patient: 0,
  };
  for (const s of subs) mix[s.kind]++;
  return mix;
}

export async function runFanout(h: Harness): Promise<FanoutLevel[]> {
  const { fanout } = h.profile;
  const levels: FanoutLevel[] = [];
  for (const level of fanout.levels) {
    const adding = h.subscribers.slice(h.connected, level);
    h.log(`fan-out: connecting ${adding.length} more subscribers (total ${level})`);
    const connect = await connectSpread(
      h,
      "trpc",
      `${h.server.url.replace(/^http/, "ws")}/trpc`,
      await specsFor(h, adding),
    );
    h.connected = level;
    if (connect.connected === 0)
      h.harnessErrors.push(`fan-out ${level}: no subscriber connected (${connect.firstError})`);
    // Let the server settle (handshakes, replays, GC) before reading its memory.
    await sleep(h.profile.settleSeconds * 1000);
    const rss = rssBytes(h.server.pid) ?? 0;
    const prefix = h.subscribers.slice(0, level);
    const index = new DeliveryIndex(prefix);
    const bookers = prefix.filter((s) => s.kind === "patient").map((s) => s.userId);
    const bookings = await plan(h, bookers, fanout.bookingsPerSecond * fanout.seconds);
    h.log(
      `fan-out: ${level} subscribers, ${bookings.length} bookings at ${fanout.bookingsPerSecond}/s`,
    );
    const phase = await bookingPhase(h, {
      bookings,
      rate: fanout.bookingsPerSecond,
      concurrency: 200,
      maxSeconds: fanout.seconds + 15,
      expectedPerBooking: (b) =>
        index.expected({ dentistId: b.input.dentistId, patientId: b.patientId }),
    });
    levels.push({
      subscribers: level,
      mix: mixOf(prefix),
      connect,
      rssAfterConnectBytes: rss,
      memoryPerConnectionBytes: Math.round((rss - h.idleRssBytes) / Math.max(1, connect.open)),
      marginalBytesPerConnection: Math.round(
        (rss - (levels[levels.length - 1]?.rssAfterConnectBytes ?? h.idleRssBytes)) /
          Math.max(1, adding.length),
      ),
      phase,
    });
  }
  return levels;
}

/** Every connected subscriber moves to the global slot feed; bookings at a slow steady rate. */
export async function runBroadcast(h: Harness): Promise<BroadcastResult> {
  const { broadcast, burst } = h.profile;
  h.log(`broadcast: moving ${h.connected} subscribers to live.onSlots (all dentists)`);
  const results = await Promise.all(
    h.listeners.map((p) =>
      p.call<ConnectResult>(
        { cmd: "resubscribe", args: { path: "live.onSlots", input: {}, timeoutMs: 60_000 } },
        600_000,
      ),
    ),
  );
  const resubscribe: ConnectResult = {
    connected: results.reduce((a, r) => a + r.connected, 0),
    failed: results.reduce((a, r) => a + r.failed, 0),
    firstError: results.find((r) => r.firstError)?.firstError ?? null,
    seconds: Math.max(0, ...results.map((r) => r.seconds)),
    open: results.reduce((a, r) => a + r.open, 0),
  };
  const all = resubscribe.connected;
  if (all === 0)
    h.harnessErrors.push(`broadcast: no subscription moved (${resubscribe.firstError})`);
  await sleep(1_000);
  const patients = nextPatients(h, 1_000);
  h.log(
    `broadcast: ${all} subscribers, ${broadcast.eventsPerSecond} events/s for ${broadcast.seconds} s`,
  );
  const rate = await bookingPhase(h, {
    bookings: await plan(h, patients, broadcast.eventsPerSecond * broadcast.seconds),
    rate: broadcast.eventsPerSecond,
    concurrency: 50,
    maxSeconds: broadcast.seconds + 15,
    expectedPerBooking: () => all,
  });
  h.log(`broadcast burst: ${burst.events} events as fast as bookings commit`);
  const burstPhase = await bookingPhase(h, {
    bookings: await plan(h, patients, burst.events),
    concurrency: burst.concurrency,
    maxSeconds: 60,
    expectedPerBooking: () => all,
  });
  return { subscribers: all, resubscribe, rate, burst: burstPhase };
}

export async function disconnectAll(h: Harness): Promise<void> {
  await Promise.all(h.listeners.map((p) => p.call({ cmd: "disconnect" }, 120_000)));
  h.connected = 0;
}
