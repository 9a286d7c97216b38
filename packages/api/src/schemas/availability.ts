import { z } from "zod";
import { freeText, id, localDate, minuteOfDay } from "./common.ts";
import { slotView } from "./views.ts";

/** Validation shared by the weekly editor and exceptions: no range leaves the day or overlaps. */
export function rangeProblems(
  ranges: { weekday?: number; startMinute: number; endMinute: number }[],
): string[] {
  const problems: string[] = [];
  const byDay = new Map<number, { startMinute: number; endMinute: number }[]>();
  for (const r of ranges) {
    if (r.startMinute < 0 || r.endMinute > 1440) problems.push("ranges must lie within 0..1440");
    if (r.endMinute <= r.startMinute) problems.push("endMinute must be after startMinute");
    const day = r.weekday ?? 0;
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  for (const [day, list] of byDay) {
    const sorted = [...list].sort((a, b) => a.startMinute - b.startMinute);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const cur = sorted[i];
      if (prev && cur && cur.startMinute < prev.endMinute) {
        problems.push(
          day === 0 ? "ranges must not overlap" : `ranges on weekday ${day} must not overlap`,
        );
      }
    }
  }
  return [...new Set(problems)];
}

export const dentistIdInput = z.object({ dentistId: id });

export const weeklyRangeInput = z.object({
  weekday: z.int().min(1).max(7),
  startMinute: minuteOfDay,
  endMinute: minuteOfDay,
});

export const updateAvailabilityInput = z
  .object({
    dentistId: id,
    weekly: z.array(weeklyRangeInput).max(70),
    slotMinutes: z.int().min(5).max(240).optional(),
    /** The schedule version the editor started from; a stale one is refused. */
    expectedVersion: z.int().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    for (const message of rangeProblems(value.weekly)) {
      ctx.addIssue({ code: "custom", path: ["weekly"], message });
    }
  });
export type UpdateAvailabilityInput = z.infer<typeof updateAvailabilityInput>;

export const addExceptionInput = z
  .object({
    dentistId: id,
    date: localDate,
    /** Closed all day; otherwise startMinute/endMinute are the day's special hours. */
    closed: z.boolean().default(false),
    startMinute: minuteOfDay.optional(),
    endMinute: minuteOfDay.optional(),
    reason: freeText(200).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.closed) {
      if (value.startMinute !== undefined || value.endMinute !== undefined) {
        ctx.addIssue({ code: "custom", path: ["closed"], message: "a closed day has no hours" });
      }
      return;
    }
    if (value.startMinute === undefined || value.endMinute === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["startMinute"],
        message: "special hours need startMinute and endMinute (or closed: true)",
      });
    } else if (value.endMinute <= value.startMinute) {
      ctx.addIssue({ code: "custom", path: ["endMinute"], message: "must be after startMinute" });
    }
  });
export type AddExceptionInput = z.infer<typeof addExceptionInput>;

export const exceptionIdInput = z.object({ id });

export const slotsInput = z
  .object({
    dentistId: id,
    date: localDate,
    typeId: id.optional(),
    durationMinutes: z.coerce.number().int().min(5).max(480).optional(),
  })
  .refine((v) => !(v.typeId && v.durationMinutes), {
    path: ["durationMinutes"],
    message: "give typeId or durationMinutes, not both",
  });
export type SlotsInput = z.infer<typeof slotsInput>;

export const daySlotsView = z.object({
  dentistId: id,
  date: z.string(),
  timeZone: z.string(),
  durationMinutes: z.int(),
  slots: z.array(slotView),
});
