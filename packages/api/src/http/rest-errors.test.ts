import type { Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createContextFactory } from "../context.ts";
import { AppError } from "../errors.ts";
import { createTestApi, type TestApi } from "../testing/index.ts";
import { publicProcedure, router } from "../trpc.ts";
import { withRequestLogging } from "./request-log.ts";
import { createRestHandler } from "./rest.ts";
import { listen } from "./test-server.ts";

// The edges of the REST adapter, on a small router made for them: a failing database query,
// a DELETE that returns data (204 must still have no body), a thrown AppError.

const removed: string[] = [];
const testRouter = router({
  broken: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/broken", protect: false } })
    .input(z.void())
    .output(z.object({ n: z.number() }))
    .query(async ({ ctx }) => {
      await ctx.deps.db.$queryRawUnsafe("SELECT * FROM table_that_does_not_exist");
      return { n: 1 };
    }),
  wrongShape: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/wrong-shape", protect: false } })
    .input(z.void())
    .output(z.object({ secretInternalField: z.number() }))
    .query(
      () => ({ secretInternalField: "not a number" }) as unknown as { secretInternalField: number },
    ),
  remove: publicProcedure
    .meta({
      openapi: { method: "DELETE", path: "/api/things/{id}", protect: false },
      successStatus: 204,
    })
    .input(z.object({ id: z.string() }))
    .output(z.object({ id: z.string() }))
    .mutation(({ input }) => {
      removed.push(input.id);
      return { id: input.id };
    }),
  busy: publicProcedure
    .meta({ openapi: { method: "POST", path: "/api/busy", protect: false } })
    .input(z.object({}))
    .output(z.object({}))
    .mutation(() => {
      throw new AppError("SLOT_UNAVAILABLE", "That slot was just taken", { slot: "09:00" });
    }),
});

let api: TestApi;
let server: Server;
let base: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  api = await createTestApi({ now: "2030-01-07T08:00:00Z" });
  const log = pino(
    { level: "info" },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  ({ server, base } = await listen(
    withRequestLogging(
      log,
      createRestHandler({
        router: testRouter,
        createContext: createContextFactory(api.deps, api.tokens),
        log,
      }),
    ),
  ));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

describe("unexpected errors", () => {
  it("answer 500 INTERNAL_ERROR with no internals, and log the stack with context", async () => {
    const res = await fetch(`${base}/api/broken`, { headers: { "x-request-id": "req-500" } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "INTERNAL_ERROR",
        message: "An unexpected error occurred",
        timestamp: "2030-01-07T08:00:00.000Z",
      },
    });
    expect(text).not.toContain("table_that_does_not_exist");

    await new Promise((r) => setTimeout(r, 20));
    const logged = lines.find((l) => l.msg === "unexpected error");
    expect(logged).toMatchObject({
      level: 50,
      requestId: "req-500",
      path: "/api/broken",
      procedure: "broken",
    });
    const err = logged?.err as { stack?: string; message?: string } | undefined;
    expect(err?.stack).toContain("table_that_does_not_exist");
    expect(lines.find((l) => l.msg === "request" && l.requestId === "req-500")).toMatchObject({
      status: 500,
      level: 50,
    });
  });

  it("treat a response that breaks its own output schema as a server fault, not bad input", async () => {
    const res = await fetch(`${base}/api/wrong-shape`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "INTERNAL_ERROR" } });
    expect(text).not.toContain("secretInternalField");
  });
});

describe("success statuses", () => {
  it("answers a DELETE with 204 and no body, even when the procedure returns data", async () => {
    const res = await fetch(`${base}/api/things/abc`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(res.headers.get("content-type")).toBeNull();
    expect(removed).toEqual(["abc"]);
  });
});

describe("domain errors", () => {
  it("keep their code, message and details, with the status of the code", async () => {
    const res = await fetch(`${base}/api/busy`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "SLOT_UNAVAILABLE",
        message: "That slot was just taken",
        details: { slot: "09:00" },
        timestamp: "2030-01-07T08:00:00.000Z",
      },
    });
  });
});
