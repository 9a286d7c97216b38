import { z } from "zod";
import { appointmentTypeView } from "../schemas/views.ts";
import { listAppointmentTypes } from "../services/appointment-types.ts";
import { authedProcedure, router } from "../trpc.ts";

export const appointmentTypesRouter = router({
  list: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/appointment-types",
        tags: ["appointments"],
        summary: "Appointment types and their durations",
      },
    })
    .input(z.void())
    .output(z.array(appointmentTypeView))
    .query(({ ctx }) => listAppointmentTypes(ctx.deps)),
});
