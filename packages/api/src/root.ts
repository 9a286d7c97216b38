import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { healthRouter } from "./routers/health.ts";
import { createCallerFactory, router } from "./trpc.ts";

// One router per domain, composed here.
export const appRouter = router({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
