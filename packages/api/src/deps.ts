import type { PrismaClient } from "@dentalcare/db";
import type { Logger } from "pino";
import type { Clock } from "./clock.ts";
import type { ApiConfig } from "./config.ts";

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
}
