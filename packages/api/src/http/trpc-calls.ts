import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AnyRouter,
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type TRPCError,
  transformTRPCResponse,
} from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";
import type { TRPCResponse } from "@trpc/server/rpc";
import { readRawBody } from "./body.ts";

// Single and batched tRPC queries and mutations over HTTP, answered without tRPC's Fetch
// emulation.
//
// Why: tRPC's Node adapter turns every request into a Fetch `Request` (web streams, undici's
// request machinery) and combines abort signals with `AbortSignal.any`, whose signals are held
// through WeakRefs and a FinalizationRegistry. V8 keeps a WeakRef's target alive through every
// young-generation collection, so all of that is promoted and waits for the next full
// collection: at 300 bookings/s it was about half of what the server promoted (heap profile in
// the bench README), and each full collection stalls the server for 100–250 ms on two cores.
//
// What: a request for existing queries by GET or mutations by POST (one call, or a batch of
// one type as httpBatchLink sends them; no `trpc-accept: application/jsonl` streaming, no
// SSE), with an `application/json` body of a declared length within the limit, is run here
// with tRPC's own pieces: the procedure via `callTRPCProcedure`, errors through `getTRPCErrorFromUnknown` and the router's error
// formatter, the status from `getHTTPStatusCode`. Everything else (streaming, subscriptions,
// unknown paths, wrong methods, unreadable input) goes to tRPC's handler unchanged, so its
// answers to odd requests stay its own. A test holds both paths to the same answers.

type CallType = "query" | "mutation";

export interface TrpcCallsOptions<TContext> {
  router: AnyRouter;
  /** Where the procedure paths start, e.g. "/trpc/". */
  basePath: string;
  createContext: (opts: { req: IncomingMessage; res: ServerResponse }) => Promise<TContext>;
  onError?: (opts: {
    error: TRPCError;
    path: string;
    input: unknown;
    ctx: TContext | undefined;
    type: CallType;
    req: IncomingMessage;
  }) => void;
  /** Extra response headers for the errors of a call (the same as tRPC's `responseMeta`). */
  headersFor?: (errors: TRPCError[]) => Record<string, string>;
  maxBodySize: number;
  /** tRPC's own handler, for every request this one does not take. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A request this handler answers: one procedure, or a batch of them of one type. */
interface PlainRequest {
  paths: string[];
  type: CallType;
  batch: boolean;
  /** Query input from the URL (GET); mutations read theirs from the body. */
  queryInput: string | null;
}

function procedureTypeAt(router: AnyRouter, path: string): unknown {
  const found: unknown = (router._def.procedures as Record<string, unknown>)[path];
  if (typeof found !== "function" || !("_def" in found)) return undefined;
  return (found._def as { type?: unknown }).type;
}

/** What a request calls when it is one this handler answers, else null. */
function plainRequestOf(
  router: AnyRouter,
  basePath: string,
  req: IncomingMessage,
): PlainRequest | null {
  const url = req.url ?? "";
  if (!url.startsWith(basePath)) return null;
  const queryAt = url.indexOf("?");
  const rawPath = url.slice(basePath.length, queryAt === -1 ? undefined : queryAt);
  // Percent-escapes and anything unusual in a path are tRPC's to decode.
  if (!/^[A-Za-z0-9_.,]+$/.test(rawPath)) return null;
  if (req.headers["trpc-accept"] !== undefined) return null;
  if (req.headers.accept?.includes("application/jsonl")) return null;
  const params = new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1));
  let batch = false;
  for (const [key, value] of params) {
    if (key === "batch" && value === "1") batch = true;
    else if (key !== "input") return null;
  }
  const paths = batch ? rawPath.split(",") : [rawPath];
  if (!batch && paths.length > 1) return null;
  const types = new Set(paths.map((p) => procedureTypeAt(router, p)));
  const [type] = types;
  if (types.size !== 1) return null;
  if (type === "query" && req.method === "GET") {
    return { paths, type, batch, queryInput: params.get("input") };
  }
  if (type === "mutation" && req.method === "POST" && isJson(req) && declaresLength(req)) {
    return { paths, type, batch, queryInput: null };
  }
  return null;
}

// tRPC's rule: exactly application/json (the REST body reader also takes `+json` types).
function isJson(req: IncomingMessage): boolean {
  const type = req.headers["content-type"];
  return type?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}

// A declared length lets the body be read whole before deciding; chunked bodies go to tRPC,
// which answers them as it always has.
function declaresLength(req: IncomingMessage): boolean {
  return (
    req.headers["content-length"] !== undefined && req.headers["transfer-encoding"] === undefined
  );
}

/**
 * Each call's raw input, as tRPC reads it: the whole JSON value for a single call, the value
 * under the call's index for a batch (whose input must be an object); null when tRPC would
 * refuse the input, so that tRPC answers it.
 */
function inputsOf(text: string | null, plain: PlainRequest): unknown[] | null {
  let value: unknown;
  try {
    value = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return null;
  }
  if (!plain.batch) return [value];
  if (value === undefined) return plain.paths.map(() => undefined);
  if (typeof value !== "object" || value === null) return null;
  const byIndex = value as Record<string, unknown>;
  return plain.paths.map((_, index) => byIndex[index]);
}

export function createTrpcCallsHandler<TContext>(
  options: TrpcCallsOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { router } = options;
  const config = router._def._config;

  const answer = async (req: IncomingMessage, res: ServerResponse, plain: PlainRequest) => {
    let inputText = plain.queryInput;
    if (plain.type === "mutation") {
      // Over the limit: not read, so tRPC answers it (413) from the stream.
      const declared = Number(req.headers["content-length"]);
      if (!Number.isSafeInteger(declared) || declared > options.maxBodySize) {
        return options.fallback(req, res);
      }
      inputText = (await readRawBody(req, options.maxBodySize)).toString("utf8");
    }
    const inputs = inputsOf(inputText, plain);
    if (inputs === null) {
      // tRPC's own error for the input, from the body already read (its adapter takes `req.body`).
      if (plain.type === "mutation") Object.assign(req, { body: inputText });
      return options.fallback(req, res);
    }
    let ctx: TContext | undefined;
    let contextError: unknown;
    try {
      ctx = await options.createContext({ req, res });
    } catch (cause) {
      contextError = cause;
    }
    const { type } = plain;
    const results = await Promise.all(
      plain.paths.map(async (path, index): Promise<[TRPCResponse, TRPCError | undefined]> => {
        const input = inputs[index];
        try {
          if (contextError !== undefined) throw contextError;
          // tRPC refuses stream-like results outside streaming requests; none of ours are.
          const data: unknown = await callTRPCProcedure({
            router,
            path,
            getRawInput: async () => input,
            ctx,
            type,
            signal: undefined,
            batchIndex: index,
          });
          return [{ result: { data } }, undefined];
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          options.onError?.({ error, path, input, ctx, type, req });
          const shape = getTRPCErrorShape({ config, error, type, path, input, ctx });
          return [{ error: shape }, error];
        }
      }),
    );
    const json = results.map(([response]) => response);
    const errors = results.flatMap(([, error]) => (error ? [error] : []));
    const [single] = json;
    const body = JSON.stringify(
      transformTRPCResponse(config, plain.batch || !single ? json : single),
    );
    if (res.statusCode === 200) {
      res.statusCode = getHTTPStatusCode(
        json,
        results.map(([, error]) => error),
      );
    }
    res.setHeader("vary", "trpc-accept, accept");
    for (const [name, value] of Object.entries(options.headersFor?.(errors) ?? {})) {
      res.setHeader(name, value);
    }
    res.setHeader("content-type", "application/json");
    res.end(body);
  };

  return (req, res) => {
    const plain = plainRequestOf(router, options.basePath, req);
    if (!plain) return options.fallback(req, res);
    answer(req, res, plain).catch((error: unknown) => {
      // Only the socket can fail here (procedure errors are answers); end what is left.
      if (!res.headersSent) res.statusCode = 500;
      res.end();
      req.destroy(error instanceof Error ? error : undefined);
    });
  };
}
