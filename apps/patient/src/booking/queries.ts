import type { RouterOutputs } from "@dentalcare/api";
import { trpc } from "../trpc.ts";

export type Dentist = RouterOutputs["dentists"]["list"][number];
export type AppointmentType = RouterOutputs["appointmentTypes"]["list"][number];
export type Reservation = RouterOutputs["reservations"]["hold"];
export type Appointment = RouterOutputs["appointments"]["byId"];
export type Slot = RouterOutputs["availability"]["slots"]["slots"][number];

export function useDentists() {
  return trpc.dentists.list.useQuery({}, { staleTime: 5 * 60_000 });
}

export function useAppointmentTypes() {
  return trpc.appointmentTypes.list.useQuery(undefined, { staleTime: 30 * 60_000 });
}
