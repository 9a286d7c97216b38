import { z } from "zod";
import { holdLimit } from "../limits.ts";
import { holdInput, reservationIdInput } from "../schemas/reservations.ts";
import { reservationView } from "../schemas/views.ts";
import { hold, mine, release } from "../services/reservations.ts";
import { authedProcedure, patientProcedure, router } from "../trpc.ts";

const tags = ["availability"];

export const reservationsRouter = router({
  hold: patientProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/availability/reserve",
        tags,
        summary: "Hold a slot for a few minutes while booking",
      },
      successStatus: 201,
    })
    .input(holdInput)
    .output(reservationView)
    .use(holdLimit)
    .mutation(({ ctx, input }) => hold(ctx.deps, ctx.user, input)),

  release: authedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/availability/reserve/{id}",
        tags,
        summary: "Give a held slot back (the holder or staff)",
      },
      successStatus: 204,
    })
    .input(reservationIdInput)
    .output(reservationView)
    .mutation(({ ctx, input }) => release(ctx.deps, ctx.user, input.id)),

  mine: authedProcedure
    .input(z.void())
    .output(z.array(reservationView))
    .query(({ ctx }) => mine(ctx.deps, ctx.user)),
});
