import type { BookingInput } from "./fixtures.ts";
import { slotKey } from "./fixtures.ts";
import { databasePids, type Harness, loadPids, sleep } from "./harness.ts";
import { type LatencySummary, mergeEncoded, summarize } from "./histogram.ts";
import { type ResourceReport, ResourceSampler, round } from "./proc.ts";
import type { BookingItem, BookReport, PhaseReport } from "./workers/protocol.ts";

// One measured phase: bookings (open loop at a fixed rate, or closed loop as fast as they
// go) while every listener process timestamps what its subscribers receive.

export interface PlannedBooking {
  input: BookingInput;
  patientId: string;
  item: BookingItem;
}

export interface MutationFigures {
  attempted: number;
  succeeded: number;
  errors: Record<string, number>;
  firstError: string | null;
  perSecond: number;
  serviceTime: LatencySummary;
  scheduleToResponse: LatencySummary;
}

export interface DeliveryFigures {
  deliveries: number;
  expected: number;
  deliveredPercent: number;
  deliveriesPerSecond: number;
  bytesPerDelivery: number;
  commitToReceipt: LatencySummary;
  scheduleToReceipt: LatencySummary;
  unexpectedCloses: number;
  protocolErrors: number;
  drainSeconds: number;
}

export interface PhaseFigures {
  /** Error lines the server logged during the phase (e.g. failed transactions). */
  serverErrors: number;
  bookings: MutationFigures;
  delivery: DeliveryFigures;
  resources: ResourceReport;
}

export function mutationFigures(report: BookReport): MutationFigures {
  const seconds = Math.max(0.001, (report.lastEndAt - report.firstStartAt) / 1000);
  return {
    attempted: report.attempted,
    succeeded: report.succeeded.length,
    errors: report.errors,
    firstError: report.firstError,
    perSecond: round(report.succeeded.length / seconds, 1),
    serviceTime: summarize(mergeEncoded([report.serviceTime])),
    scheduleToResponse: summarize(mergeEncoded([report.scheduleToResponse])),
  };
}

async function totalProgress(h: Harness): Promise<number> {
  const all = await Promise.all(
    h.listeners.map((p) => p.call<{ deliveries: number }>({ cmd: "phaseProgress" })),
  );
  return all.reduce((a, r) => a + r.deliveries, 0);
}

/** Waits until `expected` deliveries arrived, nothing arrived for 5 s, or the bound passed. */
async function drain(h: Harness, expected: () => number): Promise<number> {
  const t0 = performance.now();
  let last = -1;
  let lastChange = performance.now();
  while ((performance.now() - t0) / 1000 < h.profile.drainSeconds) {
    const now = await totalProgress(h);
    if (now >= expected()) break;
    if (now !== last) {
      last = now;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 5_000) {
      break;
    }
    await sleep(100);
  }
  return (performance.now() - t0) / 1000;
}

function deliveryFigures(
  reports: PhaseReport[],
  expected: number,
  since: number,
  drainSeconds: number,
): DeliveryFigures {
  const deliveries = reports.reduce((a, r) => a + r.deliveries, 0);
  const bytes = reports.reduce((a, r) => a + r.bytes, 0);
  const last = Math.max(0, ...reports.map((r) => r.lastReceiptAt ?? 0));
  const seconds = Math.max(0.001, (last - since) / 1000);
  return {
    deliveries,
    expected,
    deliveredPercent: expected > 0 ? round((deliveries / expected) * 100, 2) : 0,
    deliveriesPerSecond: round(deliveries / seconds, 0),
    bytesPerDelivery: deliveries > 0 ? Math.round(bytes / deliveries) : 0,
    commitToReceipt: summarize(mergeEncoded(reports.map((r) => r.commitToReceipt))),
    scheduleToReceipt: summarize(mergeEncoded(reports.map((r) => r.scheduleToReceipt))),
    unexpectedCloses: reports.reduce((a, r) => a + r.unexpectedCloses, 0),
    protocolErrors: reports.reduce((a, r) => a + r.protocolErrors, 0),
    drainSeconds: round(drainSeconds, 2),
  };
}

export interface BookingPhaseOptions {
  bookings: PlannedBooking[];
  /** Bookings per second (open loop); omitted: closed loop as fast as `concurrency` allows. */
  rate?: number;
  concurrency: number;
  maxSeconds: number;
  /** Deliveries one successful booking should cause across all connected subscribers. */
  expectedPerBooking: (b: PlannedBooking) => number;
}

export async function bookingPhase(h: Harness, o: BookingPhaseOptions): Promise<PhaseFigures> {
  const startAt = Date.now() + 500;
  const interval = o.rate ? 1000 / o.rate : 0;
  const schedule: [string, number][] = o.rate
    ? o.bookings.map((b, i) => [
        slotKey(b.input.dentistId, b.input.startsAt),
        startAt + i * interval,
      ])
    : [];
  await Promise.all(h.listeners.map((p) => p.call({ cmd: "phaseStart", args: { schedule } })));
  const sampler = new ResourceSampler(h.server.pid, loadPids(h), databasePids(h));
  const errors0 = h.server.logStats().errors;
  sampler.start();
  const report = await h.booker.call<BookReport>(
    {
      cmd: "book",
      args: {
        url: h.server.url,
        mode: o.rate ? "open" : "closed",
        items: o.bookings.map((b) => b.item),
        ...(o.rate ? { rate: o.rate, startAt } : {}),
        concurrency: o.concurrency,
        maxSeconds: o.maxSeconds,
      },
    },
    (o.maxSeconds + 120) * 1000,
  );
  let expected = 0;
  for (const i of report.succeeded) {
    const b = o.bookings[i];
    if (b) expected += o.expectedPerBooking(b);
  }
  const drained = await drain(h, () => expected);
  const resources = sampler.stop();
  const reports = await Promise.all(
    h.listeners.map((p) => p.call<PhaseReport>({ cmd: "phaseEnd" })),
  );
  return {
    serverErrors: h.server.logStats().errors - errors0,
    bookings: mutationFigures(report),
    delivery: deliveryFigures(reports, expected, report.firstStartAt, drained),
    resources,
  };
}

/** The same measurement against the raw `ws` baseline server. */
export async function rawPhase(
  h: Harness,
  raw: {
    pid: number;
    broadcast: (count: number, rate: number, bytes: number) => Promise<{ sent: number }>;
  },
  o: { count: number; rate: number; bytes: number; clients: number },
): Promise<{ delivery: DeliveryFigures; resources: ResourceReport }> {
  await Promise.all(h.listeners.map((p) => p.call({ cmd: "phaseStart", args: { schedule: [] } })));
  const sampler = new ResourceSampler(raw.pid, loadPids(h), databasePids(h));
  sampler.start();
  const since = Date.now();
  const { sent } = await raw.broadcast(o.count, o.rate, o.bytes);
  const expected = sent * o.clients;
  const drained = await drain(h, () => expected);
  const resources = sampler.stop();
  const reports = await Promise.all(
    h.listeners.map((p) => p.call<PhaseReport>({ cmd: "phaseEnd" })),
  );
  return { delivery: deliveryFigures(reports, expected, since, drained), resources };
}
