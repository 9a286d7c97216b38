import { z } from "zod";
import { id, localDate, paginated, pagination, personName, phone } from "./common.ts";
import { profileView } from "./views.ts";

export const updateProfileInput = z.object({
  fullName: personName.optional(),
  phone: phone.optional(),
  dateOfBirth: localDate.nullable().optional(),
  /** When given, the update only applies if the profile is still at this version. */
  expectedVersion: z.int().min(1).optional(),
});
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const profileByIdInput = z.object({ id });

export const listProfilesInput = pagination.extend({
  /** Matches name, email or phone, case-insensitively. */
  search: z.string().trim().max(120).optional(),
});
export type ListProfilesInput = z.infer<typeof listProfilesInput>;

export const profilePage = paginated(profileView);
export type ProfilePage = z.infer<typeof profilePage>;
