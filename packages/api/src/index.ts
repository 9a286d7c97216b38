export { hashPassword, verifyPassword } from "./auth/passwords.ts";
export { type AuthUser, TokenService } from "./auth/tokens.ts";
export { type Clock, FixedClock, systemClock } from "./clock.ts";
export { type ApiConfig, defaultApiConfig } from "./config.ts";
export { type Context, callerContext, createContextFactory } from "./context.ts";
export {
  currentDbScope,
  type DbScope,
  runWithDbScope,
  SYSTEM_SCOPE,
  scopedPrisma,
} from "./db-scope.ts";
export type { ApiDeps, CommitListener } from "./deps.ts";
export { AppError, type ErrorBody, type ErrorCode, httpStatusOf, toErrorBody } from "./errors.ts";
export { renderApiReference } from "./http/docs.ts";
export { createOpenApiDocument, successStatusOf } from "./http/openapi.ts";
export {
  annotateRequest,
  beginRequest,
  isUnexpectedError,
  logRequest,
  logUnexpectedError,
  type NodeHandler,
  trackContext,
  withRequestLogging,
} from "./http/request-log.ts";
export { createRestHandler, type RestHandlerOptions } from "./http/rest.ts";
export { createTrpcCallsHandler, type TrpcCallsOptions } from "./http/trpc-calls.ts";
export { limiterFor, retryAfterOf } from "./limits.ts";
export {
  defaultRateLimits,
  type RateLimitConfig,
  RateLimiter,
  type RateLimitKind,
  type RateRule,
} from "./rate-limit.ts";
export { channels } from "./realtime/channels.ts";
export {
  claimHandoff,
  DirectFanout,
  type DirectTransport,
  type FrameSocket,
} from "./realtime/direct.ts";
export type { ChangeEvent, EventPayloads, EventType, NewEvent } from "./realtime/event-types.ts";
export { EventHub, type HubOptions } from "./realtime/hub.ts";
export { LiveMetrics } from "./realtime/metrics.ts";
export type { ResyncSignal, StreamItem } from "./realtime/stream.ts";
export {
  type AppRouter,
  appRouter,
  createCaller,
  type RouterInputs,
  type RouterOutputs,
} from "./root.ts";
export type { Role } from "./schemas/common.ts";
export { ApiCaches, cachesFor, TtlCache } from "./services/cache.ts";
export { checkHealth, registerHealthProbe } from "./services/health.ts";
export { startHoldSweeper, sweepExpiredHolds } from "./services/sweeper.ts";
export { withChanges } from "./unit-of-work.ts";
