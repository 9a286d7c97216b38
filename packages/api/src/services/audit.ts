import type { Prisma } from "@dentalcare/db";
import type { ApiDeps } from "../deps.ts";
import type { AuditEntryView, AuditListInput } from "../schemas/audit.ts";

// Who changed what and when: the change log, filtered. Admin only (the router says so, and
// row-level security shows the whole log only to admins and the system).

const DAY_MS = 86_400_000;

function bound(value: string, end: boolean): Date {
  if (value.length !== 10) return new Date(value);
  const start = new Date(`${value}T00:00:00Z`);
  // A bare date as the upper bound includes that whole (UTC) day.
  return end ? new Date(start.getTime() + DAY_MS - 1) : start;
}

export async function listAudit(
  deps: ApiDeps,
  input: AuditListInput,
): Promise<{
  data: AuditEntryView[];
  pagination: { total: number; limit: number; offset: number; hasMore: boolean };
}> {
  const createdAt: Prisma.DateTimeFilter = {
    ...(input.from ? { gte: bound(input.from, false) } : {}),
    ...(input.to ? { lte: bound(input.to, true) } : {}),
  };
  const where: Prisma.RealtimeEventWhereInput = {
    ...(input.recordId ? { recordId: input.recordId } : {}),
    ...(input.actorId ? { actorId: input.actorId } : {}),
    ...(input.table ? { tableName: input.table } : {}),
    ...(input.from || input.to ? { createdAt } : {}),
  };
  const [total, rows] = await deps.db.$transaction([
    deps.db.realtimeEvent.count({ where }),
    deps.db.realtimeEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: input.offset,
      take: input.limit,
      select: {
        id: true,
        eventType: true,
        tableName: true,
        recordId: true,
        actorId: true,
        createdAt: true,
        payload: true,
        actor: { select: { fullName: true, role: true } },
      },
    }),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id.toString(),
      type: r.eventType,
      table: r.tableName,
      recordId: r.recordId,
      actorId: r.actorId,
      actorName: r.actor?.fullName ?? null,
      actorRole: r.actor?.role ?? null,
      at: r.createdAt.toISOString(),
      payload: r.payload,
    })),
    pagination: {
      total,
      limit: input.limit,
      offset: input.offset,
      hasMore: input.offset + rows.length < total,
    },
  };
}
