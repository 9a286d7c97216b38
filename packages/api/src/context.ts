import { randomUUID } from "node:crypto";
import type { AuthUser, TokenService } from "./auth/tokens.ts";
import type { ApiDeps } from "./deps.ts";
import type { DirectTransport } from "./realtime/direct.ts";

export type AuthState =
  | { status: "anonymous" }
  | { status: "authenticated"; user: AuthUser }
  /** One of the system's own processes (the chatbot worker), not a user. */
  | { status: "service"; service: string; expiresAt: number }
  | { status: "invalid" };

export interface Context {
  deps: ApiDeps;
  auth: AuthState;
  requestId: string;
  /** Client address, for rate limits and logs. */
  ip: string | undefined;
  /** Closes the client's real-time connection (a slow consumer is cut off and replays later). */
  terminate?: () => void;
  /** WebSocket connections: the path live events take once a subscription has caught up. */
  direct?: DirectTransport;
}

export interface RequestLike {
  headers: Record<string, string | string[] | undefined> | Headers;
  socket?: { remoteAddress?: string | undefined };
}

function header(req: RequestLike, name: string): string | undefined {
  const h = req.headers;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const value = h[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the bearer token from a header or, for WebSocket clients, from connectionParams. */
export function bearerToken(
  req: RequestLike,
  connectionParams?: Record<string, string | undefined> | null,
): string | undefined {
  const fromParams = connectionParams?.token;
  if (fromParams) return fromParams;
  const authorization = header(req, "authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return undefined;
}

export async function resolveAuth(
  tokens: TokenService,
  token: string | undefined,
): Promise<AuthState> {
  if (!token) return { status: "anonymous" };
  const result = await tokens.verify(token);
  if (result.ok) return { status: "authenticated", user: result.user };
  const service = result.reason === "invalid" ? await tokens.verifyService(token) : null;
  return service ? { status: "service", ...service } : { status: "invalid" };
}

export interface ContextOptions {
  /**
   * Believe the client address in X-Forwarded-For. Only behind a proxy that sets it: a client
   * can write the header itself, which would let it dodge per-address rate limits.
   */
  trustProxy?: boolean;
}

export function createContextFactory(
  deps: ApiDeps,
  tokens: TokenService,
  options: ContextOptions = {},
) {
  return async (opts: {
    req: RequestLike;
    info?: { connectionParams?: Record<string, string | undefined> | null };
  }): Promise<Context> => ({
    deps,
    auth: await resolveAuth(tokens, bearerToken(opts.req, opts.info?.connectionParams)),
    requestId: header(opts.req, "x-request-id") ?? randomUUID(),
    ip:
      (options.trustProxy
        ? header(opts.req, "x-forwarded-for")?.split(",")[0]?.trim()
        : undefined) ?? opts.req.socket?.remoteAddress,
  });
}

/** A context for in-process callers (tests, the chatbot's createCaller). */
export function callerContext(deps: ApiDeps, user: AuthUser | null): Context {
  return {
    deps,
    auth: user ? { status: "authenticated", user } : { status: "anonymous" },
    requestId: randomUUID(),
    ip: undefined,
  };
}
