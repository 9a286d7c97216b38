import { z } from "zod";
import { checkHealth, healthReport } from "../services/health.ts";
import { publicProcedure, router } from "../trpc.ts";

export const healthRouter = router({
  check: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/health",
        tags: ["health"],
        summary: "System health",
        protect: false,
      },
    })
    .input(z.void())
    .output(healthReport)
    .query(({ ctx }) => checkHealth(ctx.deps)),
});
