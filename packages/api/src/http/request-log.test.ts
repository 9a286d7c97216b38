import type { Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withRequestLogging } from "./request-log.ts";
import { listen } from "./test-server.ts";

// The logging wrapper around any handler, e.g. the tRPC HTTP adapter of the server.

let server: Server;
let base: string;
let lines: Record<string, unknown>[] = [];
let raw = "";

beforeAll(async () => {
  const log = pino(
    { level: "info" },
    {
      write(line: string) {
        raw += line;
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  ({ server, base } = await listen(
    withRequestLogging(log, async (req, res) => {
      if (req.url?.startsWith("/slow")) {
        await new Promise((r) => setTimeout(r, 200));
        if (!res.destroyed) res.end("late");
        return true;
      }
      res.statusCode = req.url?.startsWith("/missing")
        ? 404
        : req.url?.startsWith("/taken")
          ? 409
          : 200;
      res.end("ok");
      return true;
    }),
  ));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  lines = [];
  raw = "";
});

const settle = () => new Promise((r) => setTimeout(r, 30));

describe("withRequestLogging", () => {
  it("names tRPC procedures from the path and never logs the query string", async () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.secret.token";
    await fetch(`${base}/trpc/profiles.me,auth.me?batch=1&connectionParams=${token}`);
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "request",
      method: "GET",
      path: "/trpc/profiles.me,auth.me",
      procedure: "profiles.me,auth.me",
      status: 200,
    });
    expect(raw).not.toContain("secret");
    expect(raw).not.toContain("batch");
  });

  it("logs client errors as warnings", async () => {
    await fetch(`${base}/missing`);
    await settle();
    expect(lines[0]).toMatchObject({ level: 40, status: 404, path: "/missing" });
  });

  it("logs a lost race for a slot (409) as information, not as a warning", async () => {
    await fetch(`${base}/taken`);
    await settle();
    expect(lines[0]).toMatchObject({ level: 30, status: 409, path: "/taken" });
  });

  it("logs a request the client abandoned, with its duration", async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/slow`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 250));
    expect(lines[0]).toMatchObject({ path: "/slow", aborted: true });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
  });
});
