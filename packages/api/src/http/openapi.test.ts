import type { Server } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextFactory } from "../context.ts";
import { appRouter } from "../root.ts";
import { createTestApi, type TestApi } from "../testing/index.ts";
import { createRestHandler } from "./rest.ts";
import { listen } from "./test-server.ts";

let api: TestApi;
let server: Server;
let base: string;

beforeAll(async () => {
  api = await createTestApi();
  ({ server, base } = await listen(
    createRestHandler({
      router: appRouter,
      createContext: createContextFactory(api.deps, api.tokens),
      log: pino({ level: "silent" }),
    }),
  ));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await api.close();
});

interface Doc {
  openapi: string;
  info: { title: string };
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: unknown }>; security?: unknown[] }>
  >;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

describe("GET /api/openapi.json", () => {
  it("is valid JSON describing every REST route with its real statuses and error body", async () => {
    const res = await fetch(`${base}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe("DentalCare Sync API");
    expect(doc.components.securitySchemes.bearerAuth).toEqual({
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
    });
    for (const path of [
      "/api/auth/register",
      "/api/auth/login",
      "/api/profiles/me",
      "/api/profiles",
      "/api/profiles/{id}",
      "/api/profiles/dentists",
      "/api/profiles/dentists/{id}",
      "/health",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const register = doc.paths["/api/auth/register"]?.post;
    expect(Object.keys(register?.responses ?? {})).toContain("201");
    expect(register?.responses["200"]).toBeUndefined();
    expect(register?.security).toBeUndefined();
    expect(Object.keys(doc.paths["/api/auth/login"]?.post?.responses ?? {})).toContain("200");
    expect(doc.paths["/api/profiles/me"]?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/profiles/me"]?.put?.responses["400"]?.content).toEqual({
      "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } },
    });
    expect(doc.components.schemas.ErrorResponse).toMatchObject({
      type: "object",
      required: ["error"],
    });
    // Every DELETE answers 204 without a body.
    for (const item of Object.values(doc.paths)) {
      const del = item.delete;
      if (del) expect(del.responses["204"]).toEqual({ description: expect.any(String) });
    }
  });
});

describe("GET /api/docs", () => {
  it("is a self-contained HTML reference listing operations, parameters, fields and responses", async () => {
    const res = await fetch(`${base}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("<title>DentalCare Sync API</title>");
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
    for (const fragment of [
      "<code>/api/auth/register</code>",
      "<code>/api/profiles/dentists/{id}</code>",
      '<span class="method put">PUT</span> <code>/api/profiles/me</code>',
      "<code>expectedVersion</code>", // a request body field
      "<code>limit (query)</code>", // a parameter
      "<code>pagination.hasMore</code>", // a nested response field
      '<span class="status ok">201</span>',
      '<span class="status error">401</span>',
      "<code>error.timestamp</code>", // the error format
    ]) {
      expect(html).toContain(fragment);
    }
  });
});
