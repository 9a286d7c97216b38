import { bookingItem, databasePids, type Harness, loadPids, nextPatients } from "../harness.ts";
import { type LatencySummary, mergeEncoded, summarize } from "../histogram.ts";
import { describeMaintenance } from "../maintenance.ts";
import { type MutationFigures, mutationFigures } from "../phases.ts";
import { type ResourceReport, ResourceSampler } from "../proc.ts";
import type { BookingItem, BookReport, RaceReport } from "../workers/protocol.ts";

// Scenarios 3 and 4: booking throughput on distinct slots, and many clients racing for one.

export interface ThroughputResult {
  clients: number;
  closedLoop: MutationFigures & { resources: ResourceReport; maintenance: string[] };
  openLoop: MutationFigures & { rate: number; resources: ResourceReport; maintenance: string[] };
}

export interface ContentionResult {
  clients: number;
  rounds: number;
  roundsWithOneWinner: number;
  roundsWithoutWinner: number;
  roundsWithSeveralWinners: number;
  losersByCode: Record<string, number>;
  firstError: string | null;
  winnerLatency: LatencySummary;
  loserLatency: LatencySummary;
}

/** Bookings by ever different patients: clients are booking terminals, not one patient each. */
async function patientItems(h: Harness, count: number): Promise<BookingItem[]> {
  const items: BookingItem[] = [];
  for (const patient of nextPatients(h, count))
    items.push(await bookingItem(h, patient, h.slots.next()));
  return items;
}

async function measured(h: Harness, label: string, args: Parameters<typeof bookOnce>[1]) {
  await h.diagnostics?.begin(h.server.url);
  const sampler = new ResourceSampler(h.server.pid, loadPids(h), databasePids(h));
  const started = Date.now();
  sampler.start();
  const report = await bookOnce(h, args);
  const resources = sampler.stop();
  const maintenance = describeMaintenance(h.db.maintenance.between(started, Date.now()), started);
  await h.diagnostics?.end(label, h.server.url);
  return { ...mutationFigures(report), resources, maintenance };
}

function bookOnce(
  h: Harness,
  args: {
    items: BookingItem[];
    mode: "open" | "closed";
    concurrency: number;
    maxSeconds: number;
    rate?: number;
  },
): Promise<BookReport> {
  return h.booker.call<BookReport>(
    {
      cmd: "book",
      args: {
        url: h.server.url,
        ...args,
        ...(args.rate ? { startAt: Date.now() + 300 } : {}),
      },
    },
    (args.maxSeconds + 120) * 1000,
  );
}

export async function runThroughput(h: Harness): Promise<ThroughputResult> {
  const t = h.profile.throughput;
  // Enough distinct slots for 1,500 bookings/s; the loop stops at the time bound.
  const closedItems = await patientItems(h, t.seconds * 1_500);
  h.log(`throughput: ${t.clients} clients, closed loop, ${t.seconds} s`);
  const closedLoop = await measured(h, "throughput-closed-loop", {
    items: closedItems,
    mode: "closed",
    concurrency: t.clients,
    maxSeconds: t.seconds,
  });
  h.log(
    `throughput: open loop at ${t.openLoopRate}/s for ${t.openLoopSeconds} s (at most ${t.clients} in flight)`,
  );
  const openLoop = await measured(h, "throughput-open-loop", {
    items: await patientItems(h, t.openLoopRate * t.openLoopSeconds),
    mode: "open",
    rate: t.openLoopRate,
    concurrency: t.clients,
    maxSeconds: t.openLoopSeconds + 15,
  });
  if (closedLoop.succeeded === 0)
    h.harnessErrors.push(`throughput: no booking succeeded (${closedLoop.firstError})`);
  return { clients: t.clients, closedLoop, openLoop: { ...openLoop, rate: t.openLoopRate } };
}

export async function runContention(h: Harness): Promise<ContentionResult> {
  const c = h.profile.contention;
  const rounds: BookingItem[][] = [];
  for (let r = 0; r < c.rounds; r++) {
    const slot = h.slots.next();
    const round: BookingItem[] = [];
    for (const patient of nextPatients(h, c.clients))
      round.push(await bookingItem(h, patient, slot));
    rounds.push(round);
  }
  h.log(`contention: ${c.rounds} rounds of ${c.clients} clients racing for one slot`);
  await h.diagnostics?.begin(h.server.url);
  const report = await h.booker.call<RaceReport>(
    { cmd: "race", args: { url: h.server.url, rounds, maxSeconds: 300 } },
    420_000,
  );
  await h.diagnostics?.end("contention", h.server.url);
  const winners = report.winnersPerRound;
  if (winners.every((w) => w === 0))
    h.harnessErrors.push(`contention: no round had a winner (${report.firstError})`);
  return {
    clients: c.clients,
    rounds: report.rounds,
    roundsWithOneWinner: winners.filter((w) => w === 1).length,
    roundsWithoutWinner: winners.filter((w) => w === 0).length,
    roundsWithSeveralWinners: winners.filter((w) => w > 1).length,
    losersByCode: report.losersByCode,
    firstError: report.firstError,
    winnerLatency: summarize(mergeEncoded([report.winnerLatency])),
    loserLatency: summarize(mergeEncoded([report.loserLatency])),
  };
}
