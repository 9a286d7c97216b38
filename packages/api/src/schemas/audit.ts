import { z } from "zod";
import { id, isoInstant } from "./common.ts";

// The audit trail is the change log itself: every change event records who made it.

const instantOrDate = z.union([isoInstant, z.iso.date()], {
  error: "must be an ISO 8601 date-time or a date",
});

export const auditListInput = z
  .object({
    recordId: z.string().trim().min(1).max(100).optional(),
    actorId: id.optional(),
    table: z
      .string()
      .regex(/^[a-z_]{1,63}$/, "must be a table name")
      .optional(),
    from: instantOrDate.optional(),
    to: instantOrDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .default({ limit: 50, offset: 0 });
export type AuditListInput = z.infer<typeof auditListInput>;

export const auditEntryView = z.object({
  id: z.string(),
  type: z.string(),
  table: z.string(),
  recordId: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  at: z.string(),
  payload: z.unknown(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;
