import { z } from "zod";
import {
  createDentistInput,
  dentistByIdInput,
  listDentistsInput,
  updateDentistInput,
} from "../schemas/dentists.ts";
import { dentistView } from "../schemas/views.ts";
import { createDentist, getDentist, listDentists, updateDentist } from "../services/dentists.ts";
import { adminProcedure, authedProcedure, router } from "../trpc.ts";

const tags = ["dentists"];

export const dentistsRouter = router({
  list: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/profiles/dentists",
        tags,
        summary: "Dentists",
        description: "Active dentists by default; staff may pass activeOnly=false.",
      },
    })
    .input(listDentistsInput)
    .output(z.array(dentistView))
    .query(({ ctx, input }) => listDentists(ctx.deps, ctx.user, input)),

  byId: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/api/profiles/dentists/{id}", tags, summary: "One dentist" },
    })
    .input(dentistByIdInput)
    .output(dentistView)
    .query(({ ctx, input }) => getDentist(ctx.deps, input.id)),

  create: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/profiles/dentists",
        tags,
        summary: "Create a dentist account (admin)",
      },
      successStatus: 201,
    })
    .input(createDentistInput)
    .output(dentistView)
    .mutation(({ ctx, input }) => createDentist(ctx.deps, ctx.user, input)),

  update: adminProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/api/profiles/dentists/{id}",
        tags,
        summary: "Change a dentist's practice details (admin)",
      },
    })
    .input(updateDentistInput)
    .output(dentistView)
    .mutation(({ ctx, input }) => updateDentist(ctx.deps, ctx.user, input)),
});
