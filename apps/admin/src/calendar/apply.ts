import { upsertById } from "@dentalcare/client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { trpc } from "../trpc.ts";
import { type Appointment, CALENDAR_KEY } from "./queries.ts";

/** Puts a fresh copy of an appointment everywhere the screens read it from. */
export function useApplyAppointment(): (appointment: Appointment) => void {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  return useCallback(
    (appointment: Appointment) => {
      queryClient.setQueriesData<Appointment[]>({ queryKey: [CALENDAR_KEY] }, (old) =>
        old ? upsertById(old, appointment) : old,
      );
      utils.appointments.byId.setData({ id: appointment.id }, appointment);
      void utils.appointments.list.invalidate();
    },
    [queryClient, utils],
  );
}
