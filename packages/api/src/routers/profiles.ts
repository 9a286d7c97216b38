import { z } from "zod";
import {
  listProfilesInput,
  profileByIdInput,
  profilePage,
  updateProfileInput,
} from "../schemas/profiles.ts";
import { profileView } from "../schemas/views.ts";
import { getOwnProfile, getProfile, listPatients, updateProfile } from "../services/profiles.ts";
import { authedProcedure, router, staffProcedure } from "../trpc.ts";

const tags = ["profiles"];

export const profilesRouter = router({
  me: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/api/profiles/me", tags, summary: "Your profile" },
    })
    .input(z.void())
    .output(profileView)
    .query(({ ctx }) => getOwnProfile(ctx.deps, ctx.user)),

  updateMe: authedProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/api/profiles/me",
        tags,
        summary: "Update your profile",
        description:
          "Send expectedVersion to fail with CONFLICT instead of overwriting someone else's change.",
      },
    })
    .input(updateProfileInput)
    .output(profileView)
    .mutation(({ ctx, input }) => updateProfile(ctx.deps, ctx.user, ctx.user.id, input)),

  list: staffProcedure
    .meta({
      openapi: { method: "GET", path: "/api/profiles", tags, summary: "Patients (staff only)" },
    })
    .input(listProfilesInput)
    .output(profilePage)
    .query(({ ctx, input }) => listPatients(ctx.deps, input)),

  byId: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/profiles/{id}",
        tags,
        summary: "One profile",
        description: "Staff may read any profile; a patient only their own.",
      },
    })
    .input(profileByIdInput)
    .output(profileView)
    .query(({ ctx, input }) => getProfile(ctx.deps, ctx.user, input.id)),
});
