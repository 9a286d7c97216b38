import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export interface ClientOptions {
  /** Pool size of the driver adapter. */
  maxConnections?: number;
  /** Shown in pg_stat_activity, so an operator can tell the pools apart. */
  applicationName?: string;
}

export function createPrismaClient(url: string, options: ClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Fail fast when the database is down instead of queueing requests for ever.
    connectionTimeoutMillis: 3_000,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  });
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
