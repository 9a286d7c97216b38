import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTrpcCallsHandler } from "./trpc-calls.ts";

// The direct path must answer exactly as tRPC's own adapter does: every request below goes to
// a server with only tRPC's handler and to one with the direct path in front of it, and the
// status, the headers a client reads and the body must be the same. Each case also says which
// path must have answered it, so a direct path that quietly handed everything to tRPC fails.

interface Ctx {
  user: string | null;
}

const t = initTRPC.context<Ctx>().create({
  isDev: false,
  errorFormatter: ({ shape, ctx }) => ({ ...shape, data: { ...shape.data, user: ctx?.user } }),
});
const router = t.router({
  echo: t.procedure.input(z.object({ text: z.string().max(5) })).query(({ input, ctx }) => ({
    text: input.text,
    user: ctx.user,
  })),
  noInput: t.procedure.query(() => "ok"),
  nested: t.router({ add: t.procedure.input(z.number()).mutation(({ input }) => input + 1) }),
  conflict: t.procedure.mutation(() => {
    throw new TRPCError({ code: "CONFLICT", message: "taken", cause: new Error("retry 7") });
  }),
  crash: t.procedure.mutation(() => {
    throw new Error("boom");
  }),
  onTicks: t.procedure.subscription(async function* () {
    yield 1;
  }),
});

const LIMIT = 1_000;
const createContext = async ({ req }: { req: IncomingMessage }): Promise<Ctx> => {
  if (req.headers.authorization === "broken") throw new Error("context failed");
  return { user: req.headers.authorization ?? null };
};
const headersFor = (errors: TRPCError[]): Record<string, string> =>
  errors.some((e) => e.code === "CONFLICT") ? { "retry-after": "7" } : {};

function adapter(reported: string[]) {
  return createHTTPHandler({
    router,
    basePath: "/trpc/",
    maxBodySize: LIMIT,
    createContext: ({ req }) => createContext({ req }),
    responseMeta: ({ errors }) => ({ headers: headersFor(errors) }),
    onError: ({ error, path }) => reported.push(`${path}:${error.code}`),
  });
}

let plainServer: Server;
let directServer: Server;
const reportedPlain: string[] = [];
const reportedDirect: string[] = [];
let fallbacks = 0;

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  plainServer = await listen(adapter(reportedPlain));
  const fallback = adapter(reportedDirect);
  directServer = await listen(
    createTrpcCallsHandler({
      router,
      basePath: "/trpc/",
      maxBodySize: LIMIT,
      createContext: ({ req }) => createContext({ req }),
      headersFor,
      onError: ({ error, path }) => reportedDirect.push(`${path}:${error.code}`),
      fallback: (req, res) => {
        fallbacks += 1;
        fallback(req, res);
      },
    }),
  );
});

afterAll(async () => {
  for (const s of [plainServer, directServer]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

interface Case {
  name: string;
  path: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Which path must answer on the server with the direct path. */
  answeredBy: "direct" | "tRPC";
}

const q = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;
const json = { "content-type": "application/json" };

const cases: Case[] = [
  { name: "query", path: `echo?${q({ text: "hi" })}`, answeredBy: "direct" },
  {
    name: "query with a user",
    path: `echo?${q({ text: "hi" })}`,
    headers: { authorization: "ana" },
    answeredBy: "direct",
  },
  { name: "query without input", path: "noInput", answeredBy: "direct" },
  { name: "invalid input", path: `echo?${q({ text: "too long" })}`, answeredBy: "direct" },
  { name: "missing input", path: "echo", answeredBy: "direct" },
  {
    name: "mutation",
    path: "nested.add",
    method: "POST",
    body: "41",
    headers: json,
    answeredBy: "direct",
  },
  {
    name: "content type with parameters",
    path: "nested.add",
    method: "POST",
    body: "1",
    headers: { "content-type": "Application/JSON; charset=utf-8" },
    answeredBy: "direct",
  },
  {
    name: "error with extra headers",
    path: "conflict",
    method: "POST",
    body: "",
    headers: json,
    answeredBy: "direct",
  },
  {
    name: "unexpected error",
    path: "crash",
    method: "POST",
    body: "{}",
    headers: json,
    answeredBy: "direct",
  },
  {
    name: "context that fails",
    path: "noInput",
    headers: { authorization: "broken" },
    answeredBy: "direct",
  },
  {
    name: "batch of queries",
    path: `echo,noInput,echo?batch=1&${q({ 0: { text: "a" }, 2: { text: "toolong" } })}`,
    answeredBy: "direct",
  },
  {
    name: "batch of one mutation",
    path: "nested.add?batch=1",
    method: "POST",
    body: JSON.stringify({ 0: 2 }),
    headers: json,
    answeredBy: "direct",
  },
  {
    name: "batch mixing success and error",
    path: "nested.add,conflict?batch=1",
    method: "POST",
    body: JSON.stringify({ 0: 2 }),
    headers: json,
    answeredBy: "direct",
  },
  { name: "unknown procedure", path: "nope", answeredBy: "tRPC" },
  {
    name: "query by POST",
    path: "noInput",
    method: "POST",
    body: "",
    headers: json,
    answeredBy: "tRPC",
  },
  { name: "mutation by GET", path: "nested.add", answeredBy: "tRPC" },
  { name: "subscription", path: "onTicks", answeredBy: "tRPC" },
  {
    name: "malformed JSON body",
    path: "nested.add",
    method: "POST",
    body: "{nope",
    headers: json,
    answeredBy: "tRPC",
  },
  { name: "malformed JSON query", path: "echo?input=%7Bnope", answeredBy: "tRPC" },
  {
    name: "batch input that is not an object",
    path: "nested.add?batch=1",
    method: "POST",
    body: "5",
    headers: json,
    answeredBy: "tRPC",
  },
  {
    name: "body over the limit",
    path: "nested.add",
    method: "POST",
    body: " ".repeat(LIMIT + 1),
    headers: json,
    answeredBy: "tRPC",
  },
  {
    name: "other content type",
    path: "nested.add",
    method: "POST",
    body: "1",
    headers: { "content-type": "text/plain" },
    answeredBy: "tRPC",
  },
  {
    name: "streaming request",
    path: "noInput?batch=1",
    headers: { "trpc-accept": "application/jsonl" },
    answeredBy: "tRPC",
  },
  { name: "escaped path", path: "no%49nput", answeredBy: "tRPC" },
  { name: "batch mixing types", path: "noInput,nested.add?batch=1", answeredBy: "tRPC" },
  { name: "other query parameter", path: "noInput?x=1", answeredBy: "tRPC" },
];

async function send(server: Server, c: Case) {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/trpc/${c.path}`, {
    method: c.method ?? "GET",
    headers: c.headers ?? {},
    ...(c.body !== undefined ? { body: c.body } : {}),
  });
  const pick = ["content-type", "vary", "allow", "retry-after"];
  return {
    status: res.status,
    headers: Object.fromEntries(pick.map((h) => [h, res.headers.get(h)])),
    body: await res.text(),
  };
}

describe("single and batched calls without tRPC's Fetch emulation", () => {
  it.each(cases)(
    "$name: the same answer as tRPC's adapter, from the $answeredBy path",
    async (c) => {
      const before = fallbacks;
      const expected = await send(plainServer, c);
      const actual = await send(directServer, c);
      expect(actual).toEqual(expected);
      expect(fallbacks - before).toBe(c.answeredBy === "tRPC" ? 1 : 0);
    },
  );

  it("reports the same failures to onError", () => {
    expect(reportedDirect).toEqual(reportedPlain);
    expect(reportedDirect).toContain("conflict:CONFLICT");
    expect(reportedDirect).toContain("crash:INTERNAL_SERVER_ERROR");
  });

  it("answers a batch with every call's result in order", async () => {
    const c = cases.find((x) => x.name === "batch of queries");
    if (!c) throw new Error("case missing");
    const { status, body } = await send(directServer, c);
    expect(status).toBe(207);
    const results = JSON.parse(body) as { result?: unknown; error?: { data: { code: string } } }[];
    expect(results[0]).toEqual({ result: { data: { text: "a", user: null } } });
    expect(results[1]).toEqual({ result: { data: "ok" } });
    expect(results[2]?.error?.data.code).toBe("BAD_REQUEST");
  });
});
