import {
  addExceptionInput,
  daySlotsView,
  dentistIdInput,
  exceptionIdInput,
  slotsInput,
  updateAvailabilityInput,
} from "../schemas/availability.ts";
import { scheduleView } from "../schemas/views.ts";
import {
  addException,
  getSchedule,
  listSlots,
  removeException,
  updateWeekly,
} from "../services/availability.ts";
import { authedProcedure, router } from "../trpc.ts";

const tags = ["availability"];

export const availabilityRouter = router({
  get: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/availability/{dentistId}",
        tags,
        summary: "A dentist's weekly schedule and upcoming exceptions",
      },
    })
    .input(dentistIdInput)
    .output(scheduleView)
    .query(({ ctx, input }) => getSchedule(ctx.deps, input.dentistId)),

  update: authedProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/api/availability/{dentistId}",
        tags,
        summary: "Replace a dentist's weekly hours (the dentist or an admin)",
      },
    })
    .input(updateAvailabilityInput)
    .output(scheduleView)
    .mutation(({ ctx, input }) => updateWeekly(ctx.deps, ctx.user, input)),

  addException: authedProcedure
    .input(addExceptionInput)
    .output(scheduleView)
    .mutation(({ ctx, input }) => addException(ctx.deps, ctx.user, input)),

  removeException: authedProcedure
    .input(exceptionIdInput)
    .output(scheduleView)
    .mutation(({ ctx, input }) => removeException(ctx.deps, ctx.user, input.id)),

  slots: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/availability/{dentistId}/slots",
        tags,
        summary: "Free slots on one local date",
        description:
          "date is a calendar date in the dentist's time zone; pass typeId (or durationMinutes) for the length.",
      },
    })
    .input(slotsInput)
    .output(daySlotsView)
    .query(({ ctx, input }) => listSlots(ctx.deps, ctx.user, input)),
});
