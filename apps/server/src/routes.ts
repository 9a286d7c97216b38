import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiDeps, checkHealth, type LiveMetrics } from "@dentalcare/api";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface RouteOptions {
  deps: ApiDeps;
  metrics: LiveMetrics;
  trpc: (req: IncomingMessage, res: ServerResponse) => void;
  rest: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  webApps: ((req: IncomingMessage, res: ServerResponse) => boolean)[];
  corsOrigins: string[];
}

function timed(metrics: LiveMetrics, surface: string, res: ServerResponse): void {
  const started = performance.now();
  res.once("finish", () =>
    metrics.requestDuration.observe(
      { surface, status: String(res.statusCode) },
      (performance.now() - started) / 1000,
    ),
  );
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
  res.setHeader("x-frame-options", "DENY");
}

/** Answers a CORS preflight; true when the request is done. */
function cors(allowed: Set<string>, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin || !allowed.has(origin)) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "origin");
  res.setHeader(
    "access-control-allow-headers",
    "authorization, content-type, x-request-id, trpc-accept",
  );
  res.setHeader("access-control-allow-methods", "GET, POST, PUT, DELETE, OPTIONS");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204).end();
  return true;
}

/** The server's one HTTP entry: tRPC, REST, health, metrics, then the web apps. */
export function createRoutes(options: RouteOptions): Handler {
  const allowed = new Set(options.corsOrigins);
  const { deps, metrics } = options;
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    securityHeaders(res);
    if (cors(allowed, req, res)) return true;
    if (path.startsWith("/trpc/")) {
      timed(metrics, "trpc", res);
      options.trpc(req, res);
      return true;
    }
    if (path === "/health" && req.method === "GET") {
      const report = await checkHealth(deps);
      res.writeHead(report.status === "healthy" ? 200 : 503, {
        "content-type": "application/json",
      });
      res.end(JSON.stringify(report));
      return true;
    }
    if (path === "/metrics" && req.method === "GET") {
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return true;
    }
    if (path.startsWith("/api/")) {
      timed(metrics, "rest", res);
      if (await options.rest(req, res)) return true;
    }
    for (const serve of options.webApps) if (serve(req, res)) return true;
    res.writeHead(404, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: {
          code: "NOT_FOUND",
          message: "Not found",
          timestamp: deps.clock.now().toISOString(),
        },
      }),
    );
    return true;
  };
}
