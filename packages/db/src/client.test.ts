import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, driverPoolOf } from "./client.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// createPrismaClient hands Prisma a node-postgres pool it made itself, so that the one hot
// statement can skip Prisma (driverPoolOf) without opening connections beyond the pool's size.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });
});

afterAll(async () => {
  await db?.drop();
});

async function connectionsNamed(name: string): Promise<number> {
  const rows = await db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`;
  return rows[0]?.n ?? -1;
}

describe("createPrismaClient's driver pool", () => {
  it("is the pool Prisma's own queries use, bounded by maxConnections", async () => {
    const name = "client-test-shared";
    const client = createPrismaClient(db.url, { maxConnections: 2, applicationName: name });
    try {
      const pool = driverPoolOf(client);
      expect(pool).toBeDefined();
      expect(pool?.totalCount).toBe(0);
      // Prisma's queries open the pool's connections.
      await Promise.all(
        [1, 2, 3, 4].map(() => client.$queryRaw`SELECT pg_sleep(0.05)::text AS slept`),
      );
      expect(pool?.totalCount).toBe(2);
      // Statements on the pool use the same two connections, even many at once.
      const direct = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) => pool?.query<{ i: number }>("SELECT $1::int AS i", [i])),
      );
      expect(direct.map((r) => r?.rows[0]?.i)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(pool?.totalCount).toBe(2);
      expect(await connectionsNamed(name)).toBe(2);
    } finally {
      await client.$disconnect();
    }
  });

  it("is ended by $disconnect, and then no longer lent out", async () => {
    const name = "client-test-ended";
    const client = createPrismaClient(db.url, { applicationName: name });
    await client.$queryRaw`SELECT 1`;
    const pool = driverPoolOf(client);
    expect(pool?.totalCount).toBe(1);
    await client.$disconnect();
    expect(pool?.ended).toBe(true);
    expect(driverPoolOf(client)).toBeUndefined();
    // A backend leaves pg_stat_activity a moment after its client said goodbye.
    await expect.poll(() => connectionsNamed(name), { timeout: 5_000 }).toBe(0);
  });

  it("is lent out only for clients it made", () => {
    expect(driverPoolOf(db.prisma)).toBeDefined();
    expect(driverPoolOf({})).toBeUndefined();
  });
});
