// Adds the demo clinic to an empty database.
//   pnpm db:seed             DATABASE_URL if set, else the embedded PostgreSQL in .data/postgres
//   pnpm db:seed --force     also when NODE_ENV=production
import { createPrismaClient } from "../client.ts";
import { openLocalDatabase } from "../local-database.ts";
import { printSeedResult } from "../seed/report.ts";
import { seedDemoData } from "../seed.ts";

const force = process.argv.slice(2).includes("--force");
const log = (line: string) => console.log(line);

const db = await openLocalDatabase({ log });
const prisma = createPrismaClient(db.url, { maxConnections: 2 });
try {
  const result = await seedDemoData(prisma, {
    now: new Date(),
    force,
    production: process.env.NODE_ENV === "production",
  });
  printSeedResult(result, db.label, log);
  if (!result.seeded && result.code === "production") process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await db.stop();
}
