import { z } from "zod";

export const id = z.uuid({ error: "must be a UUID" });
export const isoInstant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });
/** A calendar date in the dentist's own time zone. */
export const localDate = z.iso.date({ error: "must be a date as YYYY-MM-DD" });
export const minuteOfDay = z.int().min(0).max(1440);
export const email = z
  .email({ error: "must be an email address" })
  .max(254)
  .transform((v) => v.toLowerCase());
export const password = z.string().min(8, "must be at least 8 characters").max(200);
export const personName = z.string().trim().min(1, "is required").max(120);
export const phone = z
  .string()
  .trim()
  .regex(/^[+0-9 ()-]{5,32}$/, "must be a phone number")
  .nullable();
export const freeText = (max: number) => z.string().trim().max(max);

export const role = z.enum(["admin", "dentist", "patient"]);
export type Role = z.infer<typeof role>;
export const appointmentStatus = z.enum(["pending", "confirmed", "completed", "cancelled"]);
export type AppointmentStatus = z.infer<typeof appointmentStatus>;
export const appointmentSource = z.enum(["patient_app", "admin", "chatbot"]);
export type AppointmentSource = z.infer<typeof appointmentSource>;
export const reservationStatus = z.enum(["held", "converted", "released", "expired"]);

export const pagination = z.object({
  limit: z.int().min(1).max(100).default(20),
  offset: z.int().min(0).max(1_000_000).default(0),
});

export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    pagination: z.object({
      total: z.int(),
      limit: z.int(),
      offset: z.int(),
      hasMore: z.boolean(),
    }),
  });
}
