import type { AppRouter } from "@dentalcare/api";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCLink,
  wsLink,
} from "@trpc/client";
import { fullJitterBackoff } from "./backoff.ts";
import { ConnectionMonitor } from "./connection.ts";

export { fullJitterBackoff } from "./backoff.ts";
export { ConnectionMonitor, type ConnectionSnapshot, type ConnectionStatus } from "./connection.ts";

// Close codes sent by the server (apps/server/src/ws.ts).
const CLOSE_TOKEN_EXPIRED = 4001;

export interface ClientOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:3000 (no trailing slash). */
  url: string;
  /** The current access token, read at every request and every (re)connect. */
  getToken: () => string | null | undefined;
  /** `ws` (default): subscriptions over one WebSocket; `sse`: over server-sent events. */
  transport?: "ws" | "sse";
  /** Node has no global WebSocket or EventSource before v22: pass the `ws` / `eventsource` classes. */
  WebSocket?: unknown;
  EventSource?: unknown;
  retryDelayMs?: (attempt: number) => number;
}

/**
 * The link setup shared by the admin app, the patient app and the chatbot: queries and
 * mutations in batched HTTP requests, subscriptions over a WebSocket that reconnects with
 * jittered backoff and resumes each subscription after its last event id.
 */
export function createDentalClient(options: ClientOptions) {
  const connection = new ConnectionMonitor();
  const wsUrl = `${options.url.replace(/^http/, "ws")}/trpc`;
  const authHeaders = () => {
    const token = options.getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const connectionParams = () => {
    const token = options.getToken();
    return token ? { token } : {};
  };

  let subscriptionLink: TRPCLink<AppRouter>;
  let closeTransport: () => void = () => undefined;
  if ((options.transport ?? "ws") === "ws") {
    const wsClient = createWSClient({
      url: wsUrl,
      connectionParams,
      retryDelayMs: options.retryDelayMs ?? fullJitterBackoff(),
      keepAlive: { enabled: true, intervalMs: 15_000, pongTimeoutMs: 10_000 },
      ...(options.WebSocket ? { WebSocket: options.WebSocket as typeof WebSocket } : {}),
      onOpen: () => connection.update({ status: "live", lastError: null }),
      onClose: (cause) => {
        connection.update({
          status: "connecting",
          ...(cause?.code === CLOSE_TOKEN_EXPIRED ? { tokenExpired: true } : {}),
        });
      },
    });
    const sub = wsClient.connectionState.subscribe({
      next: (state) => {
        if (state.state === "connecting" && state.error) {
          connection.update({ status: "connecting", lastError: state.error.message });
        }
      },
    });
    subscriptionLink = wsLink<AppRouter>({ client: wsClient });
    closeTransport = () => {
      sub.unsubscribe();
      wsClient.close();
    };
  } else {
    subscriptionLink = httpSubscriptionLink({
      url: `${options.url}/trpc`,
      connectionParams,
      ...(options.EventSource ? { EventSource: options.EventSource as typeof EventSource } : {}),
    });
    connection.update({ status: "live" });
  }

  const links: TRPCLink<AppRouter>[] = [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: subscriptionLink,
      false: httpBatchLink({
        url: `${options.url}/trpc`,
        headers: authHeaders,
        maxURLLength: 4_000,
      }),
    }),
  ];
  const client = createTRPCClient<AppRouter>({ links });
  return { client, links, connection, close: () => closeTransport() };
}

export type DentalClient = ReturnType<typeof createDentalClient>;

// Framework-free helpers shared by the web apps.
export * from "./errors.ts";
export * from "./live-cache.ts";
export * from "./session.ts";
export * from "./time.ts";
export * from "./toasts.ts";
