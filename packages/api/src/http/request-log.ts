import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import type { Logger } from "pino";
import { toErrorBody } from "../errors.ts";

// One structured log line per HTTP request (requirement 10.2), for REST and tRPC alike.
// Only these fields are ever logged: method, path (never the query string, which can carry a
// token for SSE clients), status, duration, user id, request id. Never headers or bodies.

/** A Node request handler that answers true when it handled the request. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface RequestInfo {
  requestId: string;
  method: string;
  path: string;
  startedAt: number;
  userId?: string;
  procedure?: string;
}

const infos = new WeakMap<IncomingMessage, RequestInfo>();

// A client-supplied id is kept only when it is short and plain, so it cannot forge log lines.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "(invalid url)";
  }
}

/**
 * Starts tracking a request (idempotent): picks its request id, echoes it as the
 * `x-request-id` response header and writes it back into the request headers so that
 * createContext, which reads that header, gives the context the same id.
 */
export function beginRequest(req: IncomingMessage, res: ServerResponse): RequestInfo {
  const existing = infos.get(req);
  if (existing) return existing;
  const offered = req.headers["x-request-id"];
  const requestId =
    typeof offered === "string" && SAFE_REQUEST_ID.test(offered) ? offered : randomUUID();
  req.headers["x-request-id"] = requestId;
  if (!res.headersSent) res.setHeader("x-request-id", requestId);
  const path = pathOf(req);
  const info: RequestInfo = {
    requestId,
    method: req.method ?? "GET",
    path,
    startedAt: performance.now(),
  };
  // tRPC over HTTP names its procedures in the path ("/trpc/a.b,c.d" for a batch).
  if (path.startsWith("/trpc/")) info.procedure = safeDecode(path.slice("/trpc/".length));
  infos.set(req, info);
  return info;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Adds what only a later stage knows (who the caller is, which procedure ran). */
export function annotateRequest(
  req: IncomingMessage,
  fields: { userId?: string | undefined; procedure?: string | undefined },
): void {
  const info = infos.get(req);
  if (!info) return;
  if (fields.userId) info.userId = fields.userId;
  if (fields.procedure) info.procedure = fields.procedure;
}

export function requestInfoOf(req: IncomingMessage): RequestInfo | undefined {
  return infos.get(req);
}

/**
 * Wraps a createContext so the request log learns the authenticated user. Use it for the
 * REST handler and the tRPC HTTP handler alike.
 */
export function trackContext<
  TOpts extends { req: object },
  TCtx extends { auth: { status: string; user?: { id: string } } },
>(createContext: (opts: TOpts) => Promise<TCtx>): (opts: TOpts) => Promise<TCtx> {
  return async (opts) => {
    const ctx = await createContext(opts);
    if (ctx.auth.status === "authenticated" && isTracked(opts.req)) {
      annotateRequest(opts.req, { userId: ctx.auth.user?.id });
    }
    return ctx;
  };
}

function isTracked(req: object): req is IncomingMessage {
  return infos.has(req as IncomingMessage);
}

function levelFor(status: number): "info" | "warn" | "error" {
  if (status >= 500) return "error";
  // A 409 is the expected answer to the losers of a race for a slot, not a client fault:
  // logging each at warn cost every loser a log write in production.
  if (status === 409) return "info";
  if (status >= 400) return "warn";
  return "info";
}

/** Writes the request's log line once the response is finished or the client went away. */
export function logRequest(log: Logger, req: IncomingMessage, res: ServerResponse): RequestInfo {
  const info = beginRequest(req, res);
  res.once("close", () => {
    const durationMs = Math.round((performance.now() - info.startedAt) * 100) / 100;
    const line = {
      requestId: info.requestId,
      method: info.method,
      path: info.path,
      ...(info.procedure ? { procedure: info.procedure } : {}),
      status: res.statusCode,
      durationMs,
      ...(info.userId ? { userId: info.userId } : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    log[levelFor(res.statusCode)](line, "request");
  });
  return info;
}

/** Wraps a handler (or a chain of them) so every request it sees is logged. */
export function withRequestLogging(log: Logger, handler: NodeHandler): NodeHandler {
  return (req, res) => {
    if (!infos.has(req)) logRequest(log, req, res);
    return handler(req, res);
  };
}

/** True when the error would reach the client as a 500 INTERNAL_ERROR. */
export function isUnexpectedError(error: unknown): boolean {
  return toErrorBody(error).code === "INTERNAL_ERROR";
}

/**
 * Logs an error the client only sees as "An unexpected error occurred" (requirement 10.4):
 * the original error with its stack, and where it happened.
 */
export function logUnexpectedError(
  log: Logger,
  error: unknown,
  context: { requestId?: string; path?: string; procedure?: string; userId?: string },
): void {
  const original = error instanceof TRPCError && error.cause ? error.cause : error;
  log.error({ err: original, ...context }, "unexpected error");
}
