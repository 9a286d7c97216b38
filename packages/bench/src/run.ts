import { randomBytes } from "node:crypto";
import path from "node:path";
import type { BenchProfile } from "./config.ts";
import { countOverlaps, recycleWalSegments, seedBenchData, startDatabase } from "./database.ts";
import { DIAGNOSE_PG_FLAGS, PhaseDiagnostics } from "./diagnostics.ts";
import { planSubscribers, SlotAllocator, TokenMint } from "./fixtures.ts";
import { bookingItem, type Harness, nextPatients, sleep } from "./harness.ts";
import { gitRevision, machineFacts } from "./machine.ts";
import { backgroundBusyPercent, round, rssBytes } from "./proc.ts";
import type { BenchResults } from "./results.ts";
import { runBaseline } from "./scenarios/baseline.ts";
import { runContention, runThroughput } from "./scenarios/booking.ts";
import { disconnectAll, runBroadcast, runFanout } from "./scenarios/fanout.ts";
import { startServer } from "./server.ts";
import { evaluateTargets } from "./targets.ts";
import { LoadProcess } from "./workers/pool.ts";

export type ScenarioName = "fanout" | "broadcast" | "baseline" | "throughput" | "contention";
export const ALL_SCENARIOS: ScenarioName[] = [
  "fanout",
  "broadcast",
  "baseline",
  "throughput",
  "contention",
];

export interface RunOptions {
  profile: BenchProfile;
  scenarios: ScenarioName[];
  cpuProfileDir?: string;
  /** Where `--diagnose` reports go; unset: no statement statistics, no activity sampling. */
  diagnoseDir?: string;
  log: (line: string) => void;
  /** Everything started is registered here, so Ctrl+C can stop it. */
  cleanup: Cleanup;
}

/** Stops what was started, newest first; safe to call twice. */
export class Cleanup {
  readonly #steps: { name: string; run: () => Promise<void> }[] = [];

  add(name: string, run: () => Promise<void>): void {
    this.#steps.push({ name, run });
  }

  async runAll(log: (line: string) => void): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log(`cleanup: ${step.name} failed: ${(error as Error).message}`);
      }
    }
  }
}

const REPO = path.resolve(import.meta.dirname, "../../..");

export async function runBench(o: RunOptions): Promise<BenchResults> {
  const { profile, log, cleanup } = o;
  const started = new Date();
  const want = new Set(o.scenarios);
  const harnessErrors: string[] = [];
  const background = await backgroundBusyPercent(profile.settleSeconds);
  log(`machine busy before start (other work): ${background} %`);

  const db = await startDatabase(log, o.diagnoseDir ? DIAGNOSE_PG_FLAGS : []);
  cleanup.add("postgres", () => db.stop());
  const diagnostics = o.diagnoseDir
    ? await PhaseDiagnostics.start(db.url, o.diagnoseDir)
    : undefined;
  if (diagnostics) cleanup.add("diagnose", () => diagnostics.close());
  log(
    `seeding ${profile.seed.dentists} dentists, ${profile.seed.patients} patients, ${profile.seed.admins} admins`,
  );
  const data = await seedBenchData(db.url, profile.seed);
  const secret = randomBytes(32).toString("hex");
  const server = await startServer({
    databaseUrl: db.url,
    jwtSecret: secret,
    poolSize: profile.serverPoolSize,
    ...(o.cpuProfileDir ? { cpuProfileDir: o.cpuProfileDir } : {}),
  });
  cleanup.add("server", () => server.stop());
  log(`server pid ${server.pid} at ${server.url}`);

  const listeners = await Promise.all(
    Array.from({ length: profile.subscriberWorkers }, (_, i) =>
      LoadProcess.start(`listener-${i + 1}`),
    ),
  );
  for (const p of listeners) cleanup.add(p.name, () => p.stop());
  const booker = await LoadProcess.start("booker");
  cleanup.add("booker", () => booker.stop());

  const maxSubscribers = Math.max(...profile.fanout.levels);
  const h: Harness = {
    profile,
    log,
    db,
    data,
    server,
    tokens: new TokenMint(secret),
    slots: new SlotAllocator(data, new Date()),
    listeners,
    booker,
    subscribers: planSubscribers(data, maxSubscribers),
    connected: 0,
    patientIndex: new Map(data.patients.map((id, i) => [id, i])),
    patientCursor: 0,
    idleRssBytes: 0,
    harnessErrors,
    ...(diagnostics ? { diagnostics } : {}),
  };

  // Warm-up: JIT, connection pool and caches, so the first measured phase is not the cold one.
  const warm = await runWarmup(h);
  if (warm === 0) harnessErrors.push("warm-up: no booking succeeded");
  await sleep(1_000);
  h.idleRssBytes = rssBytes(server.pid) ?? 0;

  const scenarios: BenchResults["scenarios"] = {
    fanout: [],
    broadcast: null,
    baseline: null,
    comparison: { deliveriesPerSecondRatio: null, p99Ratio: null },
    throughput: null,
    contention: null,
    integrity: null,
  };
  // Each writing scenario starts on a checkpointed database with WAL segments ready for reuse,
  // as a running database has (recycleWalSegments); otherwise the phases that happen to fill a
  // segment pay for creating the next one.
  if (want.has("fanout") || want.has("broadcast") || want.has("baseline")) {
    await recycleWalSegments(db.url);
    scenarios.fanout = await runFanout(h);
  }
  if (want.has("broadcast") || want.has("baseline")) scenarios.broadcast = await runBroadcast(h);
  const subscribers = h.connected;
  await disconnectAll(h);
  if (want.has("baseline") && scenarios.broadcast) {
    const frame = scenarios.broadcast.rate.delivery.bytesPerDelivery || 400;
    scenarios.baseline = await runBaseline(h, subscribers, frame);
    const ours = scenarios.broadcast;
    const raw = scenarios.baseline;
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 3) : null);
    scenarios.comparison = {
      deliveriesPerSecondRatio: ratio(
        ours.burst.delivery.deliveriesPerSecond,
        raw.burst.delivery.deliveriesPerSecond,
      ),
      p99Ratio: ratio(
        ours.rate.delivery.commitToReceipt.p99,
        raw.rate.delivery.commitToReceipt.p99,
      ),
    };
  }
  if (want.has("throughput")) {
    await recycleWalSegments(db.url);
    scenarios.throughput = await runThroughput(h);
  }
  if (want.has("contention")) scenarios.contention = await runContention(h);
  const integrity = await countOverlaps(db.url);
  scenarios.integrity = {
    overlappingAppointments: integrity.overlaps,
    activeAppointments: integrity.active,
  };

  const finished = new Date();
  const partial: Omit<BenchResults, "targets"> = {
    profile: profile.name,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: round((finished.getTime() - started.getTime()) / 1000, 1),
    machine: machineFacts(),
    revision: gitRevision(REPO),
    commands: {
      bench: `pnpm ${profile.name === "smoke" ? "bench:smoke" : "bench"}`,
      server: `node ${o.cpuProfileDir ? "--cpu-prof " : ""}--expose-gc --import tsx apps/server/src/main.ts`,
      loadProcesses: listeners.length + 1,
    },
    postgres: db.settings,
    serverEnv: server.env,
    config: profile,
    idleServerRssBytes: h.idleRssBytes,
    serverLog: server.logStats(),
    serverCrash: server.unexpectedExit(),
    backgroundBusyPercent: background,
    scenarios,
    harnessErrors,
  };
  return { ...partial, targets: evaluateTargets(partial) };
}

async function runWarmup(h: Harness): Promise<number> {
  const items = [];
  for (const patient of nextPatients(h, h.profile.warmupBookings)) {
    items.push(await bookingItem(h, patient, h.slots.next()));
  }
  h.log(`warm-up: ${items.length} bookings`);
  const report = await h.booker.call<{ succeeded: number[]; firstError: string | null }>({
    cmd: "book",
    args: { url: h.server.url, mode: "closed", items, concurrency: 10, maxSeconds: 60 },
  });
  if (report.firstError) h.log(`warm-up: first error ${report.firstError}`);
  return report.succeeded.length;
}
