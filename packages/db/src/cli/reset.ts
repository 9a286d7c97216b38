// Starts the demo over.
//   pnpm db:reset                    embedded database: deletes .data/postgres (server stopped)
//   pnpm db:reset --yes [--force]    DATABASE_URL: drops everything in schema public, migrates
//                                    and seeds again (--force also when NODE_ENV=production)
import pg from "pg";
import { createPrismaClient } from "../client.ts";
import { removeEmbeddedData } from "../embedded.ts";
import {
  displayPath,
  LOCAL_DATA_DIR,
  openLocalDatabase,
  runningCluster,
} from "../local-database.ts";
import { printSeedResult } from "../seed/report.ts";
import { seedDemoData } from "../seed.ts";

const args = process.argv.slice(2);
const yes = args.includes("--yes");
const force = args.includes("--force");
const production = process.env.NODE_ENV === "production";
const external = process.env.DATABASE_URL;
const log = (line: string) => console.log(line);

if (!external) {
  const shown = displayPath(LOCAL_DATA_DIR);
  const running = runningCluster(LOCAL_DATA_DIR);
  if (running) {
    console.error(
      `the embedded PostgreSQL in ${shown} is running (pid ${running.pid}, port ${running.port}); ` +
        "stop the server first, then run pnpm db:reset again",
    );
    process.exit(1);
  }
  await removeEmbeddedData(LOCAL_DATA_DIR);
  log(`deleted ${shown}; the next server start or pnpm db:seed creates a fresh database`);
} else {
  if (!yes) {
    console.error(
      "DATABASE_URL is set: this drops every table in its schema public. " +
        "Run pnpm db:reset --yes to go ahead.",
    );
    process.exit(1);
  }
  if (production && !force) {
    console.error("NODE_ENV=production: refusing to reset; add --force if you really mean it");
    process.exit(1);
  }
  const client = new pg.Client({ connectionString: external });
  await client.connect();
  try {
    await client.query("DROP SCHEMA public CASCADE");
    await client.query("CREATE SCHEMA public");
  } finally {
    await client.end();
  }
  log("dropped and recreated schema public");
  const db = await openLocalDatabase({ log, databaseUrl: external });
  const prisma = createPrismaClient(db.url, { maxConnections: 2 });
  try {
    const result = await seedDemoData(prisma, { now: new Date(), force, production });
    printSeedResult(result, db.label, log);
    if (!result.seeded) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}
