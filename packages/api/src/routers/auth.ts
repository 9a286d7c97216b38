import { z } from "zod";
import { loginLimit, registerLimit } from "../limits.ts";
import { authResult, loginInput, registerInput } from "../schemas/auth.ts";
import { profileView } from "../schemas/views.ts";
import { login, refresh, register } from "../services/auth.ts";
import { getOwnProfile } from "../services/profiles.ts";
import { asSystem, authedProcedure, publicProcedure, router } from "../trpc.ts";

const tags = ["auth"];

export const authRouter = router({
  register: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/auth/register",
        tags,
        summary: "Create a patient account",
        description: "Returns a bearer token for the new patient.",
        protect: false,
      },
      successStatus: 201,
    })
    .input(registerInput)
    .output(authResult)
    .use(registerLimit)
    .use(asSystem)
    .mutation(({ ctx, input }) => register(ctx.deps, input)),

  login: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/auth/login",
        tags,
        summary: "Sign in with email and password",
        protect: false,
      },
    })
    .input(loginInput)
    .output(authResult)
    .use(loginLimit)
    .use(asSystem)
    .mutation(({ ctx, input }) => login(ctx.deps, input)),

  me: authedProcedure
    .meta({
      openapi: { method: "GET", path: "/api/auth/me", tags, summary: "The signed-in user" },
    })
    .input(z.void())
    .output(profileView)
    .query(({ ctx }) => getOwnProfile(ctx.deps, ctx.user)),

  refresh: authedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/auth/refresh",
        tags,
        summary: "Exchange a valid token for a fresh one",
      },
    })
    .input(z.void())
    .output(authResult)
    .mutation(({ ctx }) => refresh(ctx.deps, ctx.user)),
});
