import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export interface ClientOptions {
  /** Pool size of the driver adapter. */
  maxConnections?: number;
  /** Shown in pg_stat_activity, so an operator can tell the pools apart. */
  applicationName?: string;
}

const driverPools = new WeakMap<object, pg.Pool>();

export function createPrismaClient(url: string, options: ClientOptions = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Fail fast when the database is down instead of queueing requests for ever.
    connectionTimeoutMillis: 3_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  });
  // The pool is ours so that driverPoolOf can lend it out; $disconnect still ends it.
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
  });
  driverPools.set(client, pool);
  return client;
}

/**
 * The node-postgres pool under a client made by createPrismaClient, the same connections
 * Prisma uses (so the pool's size still bounds them all); undefined for any other client and
 * once the pool has been ended. For the hottest statement, where Prisma's query layers cost
 * more CPU than the statement's own JavaScript.
 */
export function driverPoolOf(client: object): pg.Pool | undefined {
  const pool = driverPools.get(client);
  return pool && !pool.ending && !pool.ended ? pool : undefined;
}

export type { PrismaClient };
