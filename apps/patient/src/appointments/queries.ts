import { trpc } from "../trpc.ts";

/** The patient's own appointments; the server only ever returns their own. */
export const MY_APPOINTMENTS = { limit: 100 } as const;

export function useMyAppointments() {
  return trpc.appointments.list.useQuery(MY_APPOINTMENTS);
}
