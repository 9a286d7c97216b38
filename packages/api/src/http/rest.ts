import type { IncomingMessage, ServerResponse } from "node:http";
import { type AnyRouter, TRPCError } from "@trpc/server";
import type { Logger } from "pino";
import { createOpenApiNodeHttpHandler, type NodeHTTPRequest } from "trpc-to-openapi";
import { type Clock, systemClock } from "../clock.ts";
import type { Context } from "../context.ts";
import { AppError, type ErrorBody, httpStatusOf, toErrorBody } from "../errors.ts";
import { MAX_BODY_BYTES, readJsonBody } from "./body.ts";
import { renderApiReference } from "./docs.ts";
import { createOpenApiDocument, restRoutes } from "./openapi.ts";
import {
  beginRequest,
  logUnexpectedError,
  type NodeHandler,
  pathOf,
  requestInfoOf,
  trackContext,
} from "./request-log.ts";

// The REST surface (requirement 4) is generated from the router: every procedure with
// `.meta({ openapi })` is served at its path by trpc-to-openapi, which routes, coerces query
// strings, calls the procedure through a caller and picks the status via `responseMeta`.
//
// Why the adapter writes into a ResponseCapture instead of the socket: its error body is a
// tRPC error shape (`{message, code, issues, data}`), but every REST error must be exactly
// `{"error": {code, message, details?, timestamp}}`. Its `onError` hook hands us the original
// error; we let it finish into the capture, then write the response ourselves: the success
// body unchanged (none for 204), or the error in the one format via toErrorBody/httpStatusOf.
// Rewriting its JSON afterwards would mean parsing our own output and trusting a shape the
// library may change; intercepting `res.end` on the real socket is the same trick, done
// behind Node's back. Bodies are read here too (100 KB limit, malformed JSON → 400), because
// the adapter only parses an exact `application/json` content type and reports its own
// parse failures as codes our format does not have.

export interface RestHandlerOptions {
  router: AnyRouter;
  createContext: (opts: { req: IncomingMessage }) => Promise<Context>;
  log: Logger;
  /** For error timestamps when there is no context yet; the context's clock wins. */
  clock?: Clock;
  maxBodyBytes?: number;
}

type HeaderValue = number | string | readonly string[];

/** The part of ServerResponse the adapter uses; holds its answer until we write it. */
class ResponseCapture {
  statusCode = 200;
  readonly headers = new Map<string, HeaderValue>();
  body: string | undefined;
  constructor(private readonly real: ServerResponse) {}
  setHeader(name: string, value: HeaderValue): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string): HeaderValue | undefined {
    return this.headers.get(name.toLowerCase());
  }
  end(chunk?: unknown): this {
    if (typeof chunk === "string") this.body = chunk;
    return this;
  }
  // The adapter derives the procedure's abort signal from the connection closing.
  once(event: string, listener: () => void): this {
    this.real.once(event, listener);
    return this;
  }
  off(event: string, listener: () => void): this {
    this.real.off(event, listener);
    return this;
  }
  get writableEnded(): boolean {
    return this.real.writableEnded;
  }
}

const isParam = (segment: string) => /^\{.+\}$/.test(segment);

/**
 * The adapter takes the first route whose pattern matches, in procedure order, so
 * `/api/profiles/{id}` could swallow `/api/profiles/me`. This returns the router with its
 * procedures reordered so that, among paths of the same length, a literal segment beats a
 * parameter at the first place they differ.
 */
function withLiteralRoutesFirst<TRouter extends AnyRouter>(router: TRouter): TRouter {
  const procedures = router._def.procedures as Record<string, unknown>;
  const pathOfProcedure = new Map(restRoutes(router).map((r) => [r.procedure, r.path]));
  const keyed = Object.keys(procedures).map((name, index) => {
    const segments = (pathOfProcedure.get(name) ?? "").split("/");
    return { name, index, length: segments.length, shape: segments.map((s) => isParam(s)) };
  });
  keyed.sort((a, b) => {
    if (a.length !== b.length) return a.length - b.length;
    for (let i = 0; i < a.shape.length; i++) {
      if (a.shape[i] !== b.shape[i]) return a.shape[i] ? 1 : -1;
    }
    return a.index - b.index;
  });
  const reordered = Object.fromEntries(keyed.map(({ name }) => [name, procedures[name]]));
  return Object.assign({}, router, { _def: { ...router._def, procedures: reordered } });
}

function send(res: ServerResponse, status: number, type: string, body?: string): void {
  res.statusCode = status;
  if (body === undefined || status === 204) {
    res.end();
    return;
  }
  res.setHeader("content-type", type);
  res.end(body);
}

function isUnhealthyReport(data: unknown): boolean {
  return (
    typeof data === "object" && data !== null && "status" in data && data.status === "unhealthy"
  );
}

/**
 * toErrorBody, except that an INTERNAL_SERVER_ERROR raised by tRPC itself is always a server
 * fault: "Output validation failed" carries a ZodError as its cause, which must not reach the
 * client as a VALIDATION_ERROR listing the fields of our own response.
 */
function publicErrorBody(error: unknown, now: Date): ErrorBody {
  if (error instanceof TRPCError && !(error instanceof AppError)) {
    if (error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof AppError)) {
      return toErrorBody(new Error("internal"), now);
    }
  }
  return toErrorBody(error, now);
}

interface Failure {
  error: unknown;
  ctx: Context | undefined;
  procedure: string | undefined;
}

/** Serves `/api/*` and `GET /health`; resolves false for any other path. */
export function createRestHandler(options: RestHandlerOptions): NodeHandler {
  const { log } = options;
  const clock = options.clock ?? systemClock;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const successStatus = new Map(
    restRoutes(options.router).map((r) => [r.procedure, r.successStatus]),
  );
  const failures = new WeakMap<IncomingMessage, Failure>();
  const createContext = trackContext(options.createContext);

  const adapter = createOpenApiNodeHttpHandler<AnyRouter, NodeHTTPRequest, ServerResponse>({
    router: withLiteralRoutesFirst(options.router),
    createContext: ({ req }) => createContext({ req }),
    responseMeta: ({ paths, errors, data }) => {
      if (errors.length > 0) return {};
      const procedure = paths?.[0] ?? "";
      // Load balancers read the status, not the body (requirement 10.3).
      if (procedure === "health.check" && isUnhealthyReport(data[0])) return { status: 503 };
      return { status: successStatus.get(procedure) ?? 200 };
    },
    onError: ({ error, req, ctx, path }) => {
      failures.set(req, { error, ctx: ctx as Context | undefined, procedure: path });
    },
    maxBodySize: limit,
  });

  let document: string | undefined;
  let reference: string | undefined;
  const openApiJson = () => {
    document ??= JSON.stringify(createOpenApiDocument(options.router));
    return document;
  };
  const referenceHtml = () => {
    reference ??= renderApiReference(createOpenApiDocument(options.router));
    return reference;
  };

  function sendError(req: IncomingMessage, res: ServerResponse, failure: Failure): void {
    const body = publicErrorBody(failure.error, failure.ctx?.deps.clock.now() ?? clock.now());
    if (body.code === "INTERNAL_ERROR") {
      const info = requestInfoOf(req);
      logUnexpectedError(log, failure.error, {
        ...(info ? { requestId: info.requestId, path: info.path } : {}),
        ...(failure.procedure ? { procedure: failure.procedure } : {}),
        ...(info?.userId ? { userId: info.userId } : {}),
      });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const waits = body.code === "RATE_LIMITED" || body.code === "SERVICE_UNAVAILABLE";
    const wait = waits ? body.details?.retryAfterSeconds : undefined;
    if (typeof wait === "number") res.setHeader("retry-after", String(wait));
    send(
      res,
      httpStatusOf(body),
      "application/json; charset=utf-8",
      JSON.stringify({ error: body }),
    );
  }

  return async (req, res) => {
    const path = pathOf(req);
    if (path !== "/health" && path !== "/api" && !path.startsWith("/api/")) return false;
    beginRequest(req, res);
    const method = req.method ?? "GET";
    try {
      if (method === "GET" && path === "/api/openapi.json") {
        send(res, 200, "application/json; charset=utf-8", openApiJson());
        return true;
      }
      if (method === "GET" && (path === "/api/docs" || path === "/api/docs/")) {
        send(res, 200, "text/html; charset=utf-8", referenceHtml());
        return true;
      }
      if (method === "POST" || method === "PUT" || method === "PATCH") {
        const body = await readJsonBody(req, limit);
        // The adapter uses a pre-parsed `req.body` as is; the header satisfies its own check
        // now that the body is known to be JSON (or empty).
        (req as NodeHTTPRequest).body = body;
        req.headers["content-type"] = "application/json";
      }
      const capture = new ResponseCapture(res);
      let routed = true;
      await adapter(req, capture as unknown as ServerResponse, () => {
        routed = false;
      });
      if (!routed) throw new AppError("NOT_FOUND", `No route for ${method} ${path}`);
      const failure = failures.get(req);
      if (failure) {
        sendError(req, res, failure);
        return true;
      }
      for (const [name, value] of capture.headers) {
        if (name !== "content-type") res.setHeader(name, value);
      }
      send(res, capture.statusCode, "application/json; charset=utf-8", capture.body);
    } catch (error) {
      sendError(req, res, { error, ctx: undefined, procedure: undefined });
    }
    return true;
  };
}
