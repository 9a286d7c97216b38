import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { AuthUser } from "./auth/tokens.ts";
import type { Context } from "./context.ts";
import { runWithDbScope, SYSTEM_SCOPE } from "./db-scope.ts";
import { AppError, INVALID_TOKEN, toErrorBody } from "./errors.ts";
import { isOverloadError, serviceUnavailable } from "./overload.ts";
import type { Role } from "./schemas/common.ts";

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    // Clients get the seeds' error body in `data.error`; stacks never leave the server.
    errorFormatter({ shape, error, ctx }) {
      const body = toErrorBody(error, ctx?.deps.clock.now());
      return {
        message: body.message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          error: body,
        },
      };
    },
    sse: {
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 20_000 },
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;
export const middleware = t.middleware;

/** Every procedure: a database too busy to answer is 503 with Retry-After (overload.ts). */
const baseProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && isOverloadError(result.error)) throw serviceUnavailable(result.error);
  return result;
});

export const publicProcedure = baseProcedure;

/** Requires a valid token; narrows `ctx.user`. */
export const authedProcedure = baseProcedure.use(({ ctx, next }) => {
  if (ctx.auth.status === "invalid") throw new AppError("UNAUTHORIZED", INVALID_TOKEN);
  if (ctx.auth.status !== "authenticated") {
    throw new AppError("UNAUTHORIZED", "Authentication required");
  }
  const user = ctx.auth.user;
  // Row-level security: every query of this procedure acts as this user (db-scope.ts).
  return runWithDbScope({ userId: user.id, role: user.role }, () =>
    next({ ctx: { ...ctx, user } }),
  );
});

/** For public procedures that must read or write as the server itself (sign-in, sign-up). */
export const asSystem = t.middleware(({ next }) => runWithDbScope(SYSTEM_SCOPE, () => next()));

function requireRoles(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new AppError("FORBIDDEN", `Requires role: ${roles.join(" or ")}`);
    }
    return next({ ctx: { ...ctx, user: ctx.user as AuthUser } });
  });
}

/** The system's own worker processes (service tokens), never users. */
export const serviceProcedure = baseProcedure.use(({ ctx, next }) => {
  if (ctx.auth.status === "service") {
    const service = ctx.auth.service;
    return runWithDbScope({ userId: null, role: "service" }, () =>
      next({ ctx: { ...ctx, service } }),
    );
  }
  if (ctx.auth.status === "authenticated") throw new AppError("FORBIDDEN", "Requires a service");
  throw new AppError(
    "UNAUTHORIZED",
    ctx.auth.status === "invalid" ? INVALID_TOKEN : "Authentication required",
  );
});

/** Any signed-in user or service, for data every one of them may read. */
export const signedInProcedure = baseProcedure.use(({ ctx, next }) => {
  if (ctx.auth.status === "authenticated") {
    const { id, role } = ctx.auth.user;
    return runWithDbScope({ userId: id, role }, () => next());
  }
  if (ctx.auth.status === "service") {
    return runWithDbScope({ userId: null, role: "service" }, () => next());
  }
  throw new AppError(
    "UNAUTHORIZED",
    ctx.auth.status === "invalid" ? INVALID_TOKEN : "Authentication required",
  );
});

export const patientProcedure = requireRoles("patient");
/** Dentists and admins: the clinic's staff. */
export const staffProcedure = requireRoles("dentist", "admin");
export const adminProcedure = requireRoles("admin");
