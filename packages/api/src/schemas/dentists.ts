import { z } from "zod";
import { email, freeText, id, password, personName } from "./common.ts";

/** True when the runtime knows the IANA zone, e.g. "Europe/London". */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { error: "must be an IANA time zone such as Europe/London" });

export const slotMinutes = z
  .int()
  .min(5)
  .max(240)
  .refine((v) => v % 5 === 0, { error: "must be a multiple of 5" });

export const specialty = z.string().trim().min(1, "is required").max(120);
export const bio = freeText(2000).nullable();

// Query strings only carry text, and coercing "false" with Boolean() gives true; this
// accepts a real boolean (tRPC) or the words true/false (REST).
export const queryBoolean = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((v) => v === true || v === "true");

export const listDentistsInput = z.object({
  /** Defaults to true. Patients only ever see active dentists. */
  activeOnly: queryBoolean.optional(),
});
export type ListDentistsInput = z.infer<typeof listDentistsInput>;

export const dentistByIdInput = z.object({ id });

export const createDentistInput = z.object({
  email,
  password,
  fullName: personName,
  specialty,
  timeZone,
  slotMinutes: slotMinutes.default(15),
  bio: bio.optional(),
});
export type CreateDentistInput = z.infer<typeof createDentistInput>;

export const updateDentistInput = z.object({
  id,
  specialty: specialty.optional(),
  timeZone: timeZone.optional(),
  slotMinutes: slotMinutes.optional(),
  active: z.boolean().optional(),
  bio: bio.optional(),
});
export type UpdateDentistInput = z.infer<typeof updateDentistInput>;
