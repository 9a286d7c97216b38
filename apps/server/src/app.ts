import { createHmac } from "node:crypto";
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
  createTrpcCallsHandler,
  defaultApiConfig,
  EventHub,
  LiveMetrics,
  registerHealthProbe,
  retryAfterOf,
  SYSTEM_SCOPE,
  scopedPrisma,
  startHoldSweeper,
  systemClock,
  TokenService,
  trackContext,
  withRequestLogging,
} from "@dentalcare/api";
import { APP_ROLE, createPrismaClient, prepareAppRole, withSessionSettings } from "@dentalcare/db";
import type { TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "pino";
import { exposedGc, IdleCollection } from "./idle-collection.ts";
import { createRoutes } from "./routes.ts";
import { staticApp } from "./static.ts";
import { attachWebSockets } from "./ws.ts";

export interface AppOptions {
  /** The owner's connection (migrations ran on it). */
  databaseUrl: string;
  /**
   * Row-level security (default on): the API connects as the role `dentalcare_app`, with
   * `appDatabaseUrl` when given, else with the owner's URL and a password derived from the
   * JWT secret, which this start sets on the role (so every instance derives the same one).
   */
  rls?: boolean;
  appDatabaseUrl?: string;
  /**
   * For tests only: queries made outside any procedure (fixtures written through `deps`) use
   * the owner's connection, as in the API's test harness, instead of seeing nothing.
   */
  unscopedQueriesAsOwner?: boolean;
  log: Logger;
  fanout: "local" | "postgres";
  /** How often the event hub reads the log when nothing woke it (a safety net). */
  pollIntervalMs?: number;
  config?: Partial<ApiConfig>;
  clock?: Clock;
  /** Connections of the API's pool (default 10; see DATABASE_POOL_SIZE in the README). */
  poolSize?: number;
  jwks?: { url: string; issuer?: string | undefined };
  eventRetentionHours?: number;
  holdSweepIntervalMs?: number;
  wsMaxBufferedBytes?: number;
  wsMaxPayloadBytes?: number;
  wsMaxConnectionsPerUser?: number;
  corsOrigins?: string[];
  /** Take client addresses from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy?: boolean;
  serveWebApps?: boolean;
  /**
   * Who answers single and batched tRPC queries and mutations over HTTP: "direct" (the default, without
   * tRPC's Fetch emulation) or "adapter" (tRPC's own handler; tests compare the two).
   */
  trpcCalls?: "direct" | "adapter";
  /**
   * Collect the garbage of mass disconnects when the server is quiet (idle-collection.ts);
   * needs `node --expose-gc`. Default true.
   */
  collectAfterDisconnects?: boolean;
}

/** What both tRPC HTTP paths report when a procedure fails. */
interface TrpcErrorReport {
  error: TRPCError;
  path: string | undefined;
  ctx?: { requestId?: string } | undefined;
}

export interface RunningApp {
  server: Server;
  deps: ApiDeps;
  hub: EventHub;
  metrics: LiveMetrics;
  tokens: TokenService;
  url: string;
  wsUrl: string;
  directSubscriptions(): number;
  close(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MAX_REQUEST_BODY_BYTES = 100 * 1024;

/**
 * The connection string the API uses: the row-level-security role's unless RLS is off or
 * the role cannot be used (then the owner's, with a warning).
 */
async function appConnectionUrl(options: AppOptions, config: ApiConfig, log: Logger) {
  if (options.rls === false) {
    log.warn("row-level security is off: the API connects as the database owner");
    return options.databaseUrl;
  }
  if (options.appDatabaseUrl) return options.appDatabaseUrl;
  const password = createHmac("sha256", config.jwtSecret)
    .update(`${APP_ROLE} database password`)
    .digest("base64url");
  const role = await prepareAppRole(options.databaseUrl, password);
  if (role.ok) return role.url;
  log.warn(
    { reason: role.reason },
    "row-level security role unavailable: the API connects as the database owner",
  );
  return options.databaseUrl;
}

/** Builds every part of the server around one database and starts listening. */
export async function startApp(
  options: AppOptions & { port: number; host: string },
): Promise<RunningApp> {
  const { log } = options;
  const clock = options.clock ?? systemClock;
  const config: ApiConfig = { ...defaultApiConfig, ...options.config };
  const metrics = new LiveMetrics();
  const connectionUrl = await appConnectionUrl(options, config, log);
  const client = createPrismaClient(connectionUrl, {
    maxConnections: options.poolSize ?? 10,
    applicationName: "dentalcare-api",
  });
  // Every query runs as the user of the procedure that makes it (db-scope.ts).
  const owner = options.unscopedQueriesAsOwner
    ? createPrismaClient(options.databaseUrl, { maxConnections: 5 })
    : undefined;
  const db = scopedPrisma(client, owner ? { unscoped: owner } : {});
  const hub = new EventHub({
    // The hub reads and maintains the whole change log: its connections act as the system.
    url: withSessionSettings(connectionUrl, { "app.role": "system" }),
    log,
    fanout: options.fanout,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
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
  const createContext = trackContext(
    createContextFactory(deps, tokens, { trustProxy: options.trustProxy ?? false }),
  );
  const rest = createRestHandler({ router: appRouter, createContext, log, clock });

  const retryHeaders = (errors: TRPCError[]): Record<string, string> => {
    const wait = errors.map(retryAfterOf).find((s) => s !== undefined);
    return wait === undefined ? {} : { "retry-after": String(wait) };
  };
  const onError = ({ error, path: procedure, ctx }: TrpcErrorReport) => {
    if (error.code === "INTERNAL_SERVER_ERROR") {
      log.error({ err: error, procedure, requestId: ctx?.requestId }, "procedure failed");
    }
  };
  // The same body limit as the REST surface (413 PAYLOAD_TOO_LARGE above it).
  const trpcAdapter = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBodySize: MAX_REQUEST_BODY_BYTES,
    responseMeta: ({ errors }) => ({ headers: retryHeaders(errors) }),
    createContext: ({ req, info }) =>
      createContext({ req, info: { connectionParams: info.connectionParams } }),
    onError,
  });
  // Queries and mutations, single or batched, skip tRPC's Fetch emulation (trpc-calls.ts in api).
  const trpcHandler =
    options.trpcCalls === "adapter"
      ? trpcAdapter
      : createTrpcCallsHandler({
          router: appRouter,
          basePath: "/trpc/",
          maxBodySize: MAX_REQUEST_BODY_BYTES,
          headersFor: retryHeaders,
          createContext: ({ req }) => createContext({ req, info: { connectionParams: null } }),
          onError,
          fallback: trpcAdapter,
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
  // Requests Node rejects before any handler runs (headers over 16 KB, broken HTTP) still
  // get the one error format.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const body = JSON.stringify({
      error: {
        code: "VALIDATION_ERROR",
        message: tooLarge ? "Request headers are too large" : "Malformed HTTP request",
        timestamp: clock.now().toISOString(),
      },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  });
  const idleCollection = new IdleCollection({
    collect: options.collectAfterDisconnects === false ? undefined : exposedGc(),
    onCollected: ({ closed, ms }) =>
      log.info({ closed, ms: Math.round(ms) }, "collected garbage after connections closed"),
  });
  const ws = attachWebSockets({
    onClosed: () => idleCollection.noteClosed(),
    server,
    path: "/trpc",
    createContext: (opts) => createContext(opts),
    log,
    metrics,
    hub,
    maxBufferedBytes: options.wsMaxBufferedBytes ?? 1_048_576,
    maxPayloadBytes: options.wsMaxPayloadBytes ?? 65_536,
    ...(options.wsMaxConnectionsPerUser
      ? { maxConnectionsPerUser: options.wsMaxConnectionsPerUser }
      : {}),
  });

  // Expired holds are released actively (with their events), not only filtered out, so open
  // slot pickers get the slot back.
  const stopSweeper = startHoldSweeper(
    { ...deps, db: scopedPrisma(client, { scope: SYSTEM_SCOPE }) },
    options.holdSweepIntervalMs ?? 1_000,
  );

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
    /** Live subscriptions served by the direct path (see packages/api/src/realtime/direct.ts). */
    directSubscriptions: () => ws.directSubscriptions(),
    close() {
      closing ??= (async () => {
        clearInterval(pruner);
        idleCollection.stop();
        await stopSweeper();
        // Stop accepting, let in-flight requests finish, tell live clients to reconnect.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await ws.close();
        server.closeIdleConnections();
        const forced = setTimeout(() => server.closeAllConnections(), 5_000);
        await closed;
        clearTimeout(forced);
        await hub.stop();
        await client.$disconnect();
        await owner?.$disconnect();
      })();
      return closing;
    },
  };
}
