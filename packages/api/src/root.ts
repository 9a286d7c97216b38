import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { appointmentsRouter } from "./routers/appointments.ts";
import { appointmentTypesRouter } from "./routers/appointmentTypes.ts";
import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { availabilityRouter } from "./routers/availability.ts";
import { chatRouter } from "./routers/chat.ts";
import { dentistsRouter } from "./routers/dentists.ts";
import { healthRouter } from "./routers/health.ts";
import { liveRouter } from "./routers/live.ts";
import { profilesRouter } from "./routers/profiles.ts";
import { reservationsRouter } from "./routers/reservations.ts";
import { createCallerFactory, router } from "./trpc.ts";

// One router per domain, composed here.
export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  profiles: profilesRouter,
  dentists: dentistsRouter,
  live: liveRouter,
  availability: availabilityRouter,
  reservations: reservationsRouter,
  appointments: appointmentsRouter,
  appointmentTypes: appointmentTypesRouter,
  chat: chatRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
