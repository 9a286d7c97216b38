import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  type ApiConfig,
  type ApiDeps,
  appRouter,
  type Clock,
  createContextFactory,
  createRestHandler,
  defaultApiConfig,
  EventHub,
  LiveMetrics,
  registerHealthProbe,
  startHoldSweeper,
  systemClock,
  TokenService,
  trackContext,
  withRequestLogging,
} from "@dentalcare/api";
import { createPrismaClient } from "@dentalcare/db";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "pino";
import { createRoutes } from "./routes.ts";
import { staticApp } from "./static.ts";
import { attachWebSockets } from "./ws.ts";

export interface AppOptions {
  databaseUrl: string;
  log: Logger;
  fanout: "local" | "postgres";
  config?: Partial<ApiConfig>;
  clock?: Clock;
  poolSize?: number;
  jwks?: { url: string; issuer?: string | undefined };
  eventRetentionHours?: number;
  holdSweepIntervalMs?: number;
  wsMaxBufferedBytes?: number;
  wsMaxPayloadBytes?: number;
  corsOrigins?: string[];
  serveWebApps?: boolean;
}

export interface RunningApp {
  server: Server;
  deps: ApiDeps;
  hub: EventHub;
  metrics: LiveMetrics;
  tokens: TokenService;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Builds every part of the server around one database and starts listening. */
export async function startApp(
  options: AppOptions & { port: number; host: string },
): Promise<RunningApp> {
  const { log } = options;
  const clock = options.clock ?? systemClock;
  const config: ApiConfig = { ...defaultApiConfig, ...options.config };
  const metrics = new LiveMetrics();
  const db = createPrismaClient(options.databaseUrl, { maxConnections: options.poolSize ?? 20 });
  const hub = new EventHub({
    url: options.databaseUrl,
    log,
    fanout: options.fanout,
    onPublished: (events) => metrics.published(events),
  });
  await hub.start();
  const tokens = new TokenService({
    secret: config.jwtSecret,
    issuer: config.jwtIssuer,
    ttlSeconds: config.tokenTtlSeconds,
    ...(options.jwks ? { jwksUrl: options.jwks.url, externalIssuer: options.jwks.issuer } : {}),
    now: () => clock.now(),
  });
  const deps: ApiDeps = { db, clock, config, log, commits: hub, hub, metrics, tokens };
  registerHealthProbe(deps, "realtime", () => {
    const s = hub.status();
    return s.running && s.listening && !s.lastError
      ? { status: "ok", details: { fanout: s.fanout, cursor: s.cursor, subscribers: s.listeners } }
      : { status: "error", message: s.lastError ?? "event hub not running", details: { ...s } };
  });
  const createContext = trackContext(createContextFactory(deps, tokens));
  const rest = createRestHandler({ router: appRouter, createContext, log, clock });

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req, info }) =>
      createContext({ req, info: { connectionParams: info.connectionParams } }),
    onError: ({ error, path: procedure, ctx }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        log.error({ err: error, procedure, requestId: ctx?.requestId }, "procedure failed");
      }
    },
  });
  const webApps =
    options.serveWebApps === false
      ? []
      : [
          staticApp("/admin/", path.join(ROOT, "apps/admin/dist")),
          staticApp("/", path.join(ROOT, "apps/patient/dist")),
        ];

  const logged = withRequestLogging(
    log,
    createRoutes({
      deps,
      metrics,
      trpc: trpcHandler,
      rest,
      webApps,
      corsOrigins: options.corsOrigins ?? [],
    }),
  );

  const server = createServer((req, res) => {
    logged(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            code: "INTERNAL_ERROR",
            message: "An unexpected error occurred",
            timestamp: clock.now().toISOString(),
          },
        }),
      );
    });
  });
  const ws = attachWebSockets({
    server,
    path: "/trpc",
    createContext: (opts) => createContext(opts),
    log,
    metrics,
    maxBufferedBytes: options.wsMaxBufferedBytes ?? 1_048_576,
    maxPayloadBytes: options.wsMaxPayloadBytes ?? 65_536,
  });

  // Expired holds are released actively (with their events), not only filtered out, so open
  // slot pickers get the slot back.
  const stopSweeper = startHoldSweeper(deps, options.holdSweepIntervalMs ?? 1_000);

  const retentionMs = (options.eventRetentionHours ?? 72) * 3_600_000;
  const pruner = setInterval(() => {
    hub.log
      .prune(new Date(clock.now().getTime() - retentionMs))
      .then((n) => n > 0 && log.info({ pruned: n }, "pruned old change events"))
      .catch((error: unknown) => log.warn({ err: error }, "pruning change events failed"));
  }, 600_000);
  pruner.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const base = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${address.port}`;
  log.info({ url: base, fanout: options.fanout }, "server listening");

  let closing: Promise<void> | undefined;
  return {
    server,
    deps,
    hub,
    metrics,
    tokens,
    url: base,
    wsUrl: `${base.replace(/^http/, "ws")}/trpc`,
    close() {
      closing ??= (async () => {
        clearInterval(pruner);
        await stopSweeper();
        // Stop accepting, let in-flight requests finish, tell live clients to reconnect.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await ws.close();
        server.closeIdleConnections();
        const forced = setTimeout(() => server.closeAllConnections(), 5_000);
        await closed;
        clearTimeout(forced);
        await hub.stop();
        await db.$disconnect();
      })();
      return closing;
    },
  };
}
