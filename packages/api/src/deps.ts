import type { PrismaClient } from "@dentalcare/db";
import type { Logger } from "pino";
import type { TokenService } from "./auth/tokens.ts";
import type { Clock } from "./clock.ts";
import type { ApiConfig } from "./config.ts";
import type { EventHub } from "./realtime/hub.ts";
import type { LiveMetrics } from "./realtime/metrics.ts";

/** Told when a transaction that wrote change events has committed. */
export interface CommitListener {
  committed(): void;
}

/** Everything a service needs, passed in explicitly so tests can choose each part. */
export interface ApiDeps {
  db: PrismaClient;
  clock: Clock;
  config: ApiConfig;
  log: Logger;
  commits: CommitListener;
  /** Issues and verifies access tokens; required by the auth procedures. */
  tokens?: TokenService;
  /** The event bus that subscriptions attach to (the same object as `commits` in practice). */
  hub: EventHub;
  /** Counters and histograms for /metrics; optional so in-process callers can omit them. */
  metrics?: LiveMetrics;
}
