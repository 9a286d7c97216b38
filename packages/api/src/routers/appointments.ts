import { bookingLimit } from "../limits.ts";
import {
  appointmentIdInput,
  cancelAppointmentInput,
  createAppointmentInput,
  listAppointmentsInput,
  updateAppointmentInput,
} from "../schemas/appointments.ts";
import { paginated } from "../schemas/common.ts";
import { appointmentView } from "../schemas/views.ts";
import { changeStatus, updateAppointment } from "../services/appointment-changes.ts";
import { appointmentById, createAppointment, listAppointments } from "../services/appointments.ts";
import { authedProcedure, router, staffProcedure } from "../trpc.ts";

const tags = ["appointments"];

export const appointmentsRouter = router({
  list: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/appointments",
        tags,
        summary: "Appointments, paginated and filtered",
        description:
          "Patients see their own, dentists theirs, admins all. status may be repeated or comma-separated; dateFrom/dateTo take an instant or a date (a date covers that UTC day).",
      },
    })
    .input(listAppointmentsInput)
    .output(paginated(appointmentView))
    .query(({ ctx, input }) => listAppointments(ctx.deps, ctx.user, input)),

  byId: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/api/appointments/{id}", tags, summary: "One appointment" },
    })
    .input(appointmentIdInput)
    .output(appointmentView)
    .query(({ ctx, input }) => appointmentById(ctx.deps, ctx.user, input.id)),

  create: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/appointments",
        tags,
        summary: "Book an appointment",
        description:
          "Patients book for themselves (pending); staff book for a patient (confirmed). Pass reservationId to book a held slot.",
      },
      successStatus: 201,
    })
    .input(createAppointmentInput)
    .output(appointmentView)
    .use(bookingLimit)
    .mutation(({ ctx, input }) => createAppointment(ctx.deps, ctx.user, input)),

  update: authedProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/api/appointments/{id}",
        tags,
        summary: "Reschedule or edit an appointment",
      },
    })
    .input(updateAppointmentInput)
    .output(appointmentView)
    .mutation(({ ctx, input }) => updateAppointment(ctx.deps, ctx.user, input)),

  cancel: authedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/appointments/{id}",
        tags,
        summary: "Cancel an appointment (kept, with status cancelled)",
      },
      successStatus: 204,
    })
    .input(cancelAppointmentInput)
    .output(appointmentView)
    .mutation(({ ctx, input }) =>
      changeStatus(ctx.deps, ctx.user, input.id, "cancelled", input.reason),
    ),

  confirm: staffProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/appointments/{id}/confirm",
        tags,
        summary: "Confirm a pending appointment (staff)",
      },
    })
    .input(appointmentIdInput)
    .output(appointmentView)
    .mutation(({ ctx, input }) => changeStatus(ctx.deps, ctx.user, input.id, "confirmed")),

  complete: staffProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/appointments/{id}/complete",
        tags,
        summary: "Mark a confirmed appointment completed (staff)",
      },
    })
    .input(appointmentIdInput)
    .output(appointmentView)
    .mutation(({ ctx, input }) => changeStatus(ctx.deps, ctx.user, input.id, "completed")),
});
