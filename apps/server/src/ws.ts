import type { IncomingMessage, Server } from "node:http";
import {
  AppError,
  type AppRouter,
  appRouter,
  type Context,
  claimHandoff,
  DirectFanout,
  type EventHub,
  type LiveMetrics,
} from "@dentalcare/api";
import { applyWSSHandler, type Encoder, jsonEncoder } from "@trpc/server/adapters/ws";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";

export interface WsOptions {
  server: Server;
  path: string;
  createContext: (opts: {
    req: IncomingMessage;
    res: WebSocket;
    info: { connectionParams: Record<string, string | undefined> | null };
  }) => Promise<Context>;
  log: Logger;
  metrics: LiveMetrics;
  /** Feeds the direct path of live subscriptions (one serialisation per event, not per client). */
  hub: Pick<EventHub, "subscribe">;
  maxBufferedBytes: number;
  maxPayloadBytes: number;
  /** Open WebSockets one user may have at once (default 20); more are closed with 4029. */
  maxConnectionsPerUser?: number;
  /** Called after each WebSocket closes (idle-collection.ts counts them). */
  onClosed?: () => void;
}

// Close codes the shared client understands (packages/client).
export const CLOSE_TOKEN_EXPIRED = 4001;
export const CLOSE_SLOW_CONSUMER = 4008;
export const CLOSE_SHUTDOWN = 1012; // "service restart": reconnect
export const CLOSE_TOO_MANY_CONNECTIONS = 4029;

// What the encoder returns for a handoff marker; `send` drops it, so the client never sees it.
const SWALLOWED = "\u0000handoff";

const encoder: Encoder = {
  encode: (message) => (claimHandoff(message) ? SWALLOWED : jsonEncoder.encode(message)),
  decode: jsonEncoder.decode,
};

/** Makes `ws.send` drop the encoder's placeholder for handoff markers. */
function dropSwallowed(ws: WebSocket): void {
  const send = ws.send;
  ws.send = (data: unknown, options?: unknown, callback?: unknown): void => {
    if (data === SWALLOWED) return;
    Reflect.apply(send, ws, [data, options, callback]);
  };
}

export function attachWebSockets(options: WsOptions) {
  const fanout = new DirectFanout(options.hub, (count) => options.metrics.deliveries.inc(count));
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  options.server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://local");
    if (url.pathname !== options.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  const maxPerUser = options.maxConnectionsPerUser ?? 20;
  const perUser = new Map<string, Set<WebSocket>>();
  /** Counts the connection against its user; false when the user already has too many. */
  const admit = (userId: string, ws: WebSocket): boolean => {
    const open = perUser.get(userId) ?? new Set<WebSocket>();
    if (open.has(ws)) return true;
    if (open.size >= maxPerUser) return false;
    open.add(ws);
    perUser.set(userId, open);
    ws.once("close", () => {
      open.delete(ws);
      if (open.size === 0) perUser.delete(userId);
    });
    return true;
  };

  const handler = applyWSSHandler<AppRouter>({
    wss,
    router: appRouter,
    createContext: async (opts) => {
      const ws = opts.res;
      const ctx = await options.createContext({
        req: opts.req,
        res: ws,
        info: { connectionParams: opts.info.connectionParams },
      });
      ctx.terminate = () => ws.close(CLOSE_SLOW_CONSUMER, "Too far behind; reconnect and resume");
      dropSwallowed(ws);
      ctx.direct = { fanout, socket: ws };
      if (ctx.auth.status === "authenticated") {
        if (!admit(ctx.auth.user.id, ws)) {
          ws.close(CLOSE_TOO_MANY_CONNECTIONS, "Too many connections for this user");
          throw new AppError("RATE_LIMITED", "Too many connections for this user", {
            maxConnectionsPerUser: maxPerUser,
          });
        }
      }
      // The token was valid at connect; the connection must not outlive it (users and
      // services alike).
      const expiresAt =
        ctx.auth.status === "authenticated"
          ? ctx.auth.user.expiresAt
          : ctx.auth.status === "service"
            ? ctx.auth.expiresAt
            : undefined;
      if (expiresAt !== undefined) {
        // setTimeout fires at once for delays past 2^31-1 ms, so longer ones are capped there.
        const ms = Math.min(expiresAt * 1000 - Date.now(), 2 ** 31 - 1);
        const timer = setTimeout(
          () => ws.close(CLOSE_TOKEN_EXPIRED, "Token expired"),
          Math.max(0, ms),
        );
        ws.once("close", () => clearTimeout(timer));
      }
      return ctx;
    },
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    experimental_encoder: encoder,
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        options.log.error({ err: error, path }, "subscription failed");
    },
  });

  wss.on("connection", (ws) => {
    options.metrics.connectedClients.inc({ transport: "ws" });
    ws.once("close", () => {
      options.metrics.connectedClients.dec({ transport: "ws" });
      options.onClosed?.();
    });
  });

  // A client that does not read lets the server's send buffer grow; cut it off instead, it
  // resumes from its last event id when it reconnects.
  const watchdog = setInterval(() => {
    for (const ws of wss.clients) {
      if (ws.bufferedAmount > options.maxBufferedBytes) {
        options.metrics.slowConsumersDropped.inc();
        options.log.warn(
          { buffered: ws.bufferedAmount },
          "closing a WebSocket that fell too far behind",
        );
        ws.terminate();
      }
    }
  }, 1_000);
  watchdog.unref();

  return {
    wss,
    clientCount: () => wss.clients.size,
    /** Subscriptions that have caught up and now take the direct path. */
    directSubscriptions: () => fanout.size,
    /** Tell every client to reconnect (to another instance, or to this one after restart). */
    async close(): Promise<void> {
      clearInterval(watchdog);
      fanout.close();
      handler.broadcastReconnectNotification();
      for (const ws of wss.clients) ws.close(CLOSE_SHUTDOWN, "Server restarting");
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
