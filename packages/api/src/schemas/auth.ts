import { z } from "zod";
import { email, password, personName, phone } from "./common.ts";
import { profileView } from "./views.ts";

export const registerInput = z.object({
  email,
  password,
  fullName: personName,
  phone: phone.optional(),
});
export type RegisterInput = z.infer<typeof registerInput>;

// Login does not apply the password rules: an account created before a rule changed must
// still be able to sign in, and the answer to any wrong input is the same 401.
export const loginInput = z.object({
  email,
  password: z.string().min(1, "is required").max(200),
});
export type LoginInput = z.infer<typeof loginInput>;

export const authResult = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  user: profileView,
});
export type AuthResult = z.infer<typeof authResult>;
