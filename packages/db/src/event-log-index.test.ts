import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

// Migration `event_log_index_without_pending_list`: the change log's channel index takes new
// entries at once instead of collecting them in GIN's pending list for a later merge (which
// paused whichever booking overflowed the list).

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate") });
});

afterAll(async () => {
  await db.drop();
});

describe("the change log's channel index", () => {
  it("is a GIN index with fast update turned off", async () => {
    const rows = await db.prisma.$queryRaw<{ method: string; options: string[] | null }[]>`
      SELECT am.amname AS method, c.reloptions AS options
      FROM pg_class c JOIN pg_am am ON am.oid = c.relam
      WHERE c.relname = 'realtime_events_channels_idx'`;
    expect(rows).toEqual([{ method: "gin", options: ["fastupdate=off"] }]);
  });
});
