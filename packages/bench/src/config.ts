// The two sizes of the run: `full` for the figures, `smoke` (seconds) for CI.

export interface BenchProfile {
  name: "full" | "smoke";
  /** Load-generator processes holding WebSocket subscribers (plus one that books). */
  subscriberWorkers: number;
  /** Loopback source addresses the subscribers are spread over (127.0.0.2, .3, ...). */
  sourceAddresses: number;
  seed: { dentists: number; patients: number; admins: number };
  warmupBookings: number;
  fanout: { levels: number[]; bookingsPerSecond: number; seconds: number };
  broadcast: { eventsPerSecond: number; seconds: number };
  /** Events pushed as fast as the source allows to every broadcast subscriber. */
  burst: { events: number; concurrency: number };
  throughput: { clients: number; seconds: number; openLoopRate: number; openLoopSeconds: number };
  contention: { clients: number; rounds: number };
  /** Pause after connecting before server memory is read. */
  settleSeconds: number;
  /** Upper bound on waiting for the last deliveries of a phase. */
  drainSeconds: number;
  serverPoolSize: number;
}

export const FULL: BenchProfile = {
  name: "full",
  subscriberWorkers: 3,
  sourceAddresses: 4,
  seed: { dentists: 50, patients: 10_000, admins: 20 },
  warmupBookings: 300,
  fanout: { levels: [1_000, 5_000, 10_000], bookingsPerSecond: 100, seconds: 20 },
  broadcast: { eventsPerSecond: 2, seconds: 20 },
  burst: { events: 100, concurrency: 50 },
  throughput: { clients: 50, seconds: 15, openLoopRate: 300, openLoopSeconds: 15 },
  contention: { clients: 50, rounds: 200 },
  settleSeconds: 3,
  drainSeconds: 60,
  // The server's default (DATABASE_POOL_SIZE); the README's bench section says why not 50.
  serverPoolSize: 10,
};

export const SMOKE: BenchProfile = {
  name: "smoke",
  subscriberWorkers: 2,
  sourceAddresses: 2,
  seed: { dentists: 10, patients: 200, admins: 2 },
  warmupBookings: 20,
  fanout: { levels: [50], bookingsPerSecond: 20, seconds: 4 },
  broadcast: { eventsPerSecond: 2, seconds: 3 },
  burst: { events: 30, concurrency: 10 },
  throughput: { clients: 10, seconds: 2, openLoopRate: 20, openLoopSeconds: 2 },
  contention: { clients: 10, rounds: 20 },
  settleSeconds: 1,
  drainSeconds: 10,
  serverPoolSize: 10,
};

export const TOTAL_SUBSCRIBERS = (p: BenchProfile) => Math.max(...p.fanout.levels);
