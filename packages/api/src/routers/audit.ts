import { auditEntryView, auditListInput } from "../schemas/audit.ts";
import { paginated } from "../schemas/common.ts";
import { listAudit } from "../services/audit.ts";
import { adminProcedure, router } from "../trpc.ts";

export const auditRouter = router({
  list: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/audit",
        tags: ["audit"],
        summary: "Who changed what and when (admin)",
        description:
          "Change events, newest first, with their actor. Filter by recordId, actorId, table and a from/to instant or date.",
      },
    })
    .input(auditListInput)
    .output(paginated(auditEntryView))
    .query(({ ctx, input }) => listAudit(ctx.deps, input)),
});
