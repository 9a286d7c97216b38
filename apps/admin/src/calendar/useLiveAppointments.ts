import { appointmentOf, formatDateTime, isChangeEvent } from "@dentalcare/client";
import { useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { onApiError } from "../app/api.ts";
import { toasts } from "../app/stores.ts";
import { trpc } from "../trpc.ts";
import { useApplyAppointment } from "./apply.ts";
import { freshAppointments } from "./fresh.ts";
import { CALENDAR_KEY } from "./queries.ts";

/**
 * Appointment changes, live: applied to every cached calendar range and appointment as they
 * arrive (admins get all, dentists their own), with a toast for each booking or cancellation
 * made by someone else.
 */
export function useLiveAppointments(
  me: { id: string },
  zoneOf: (dentistId: string) => string,
): void {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const apply = useApplyAppointment();
  const zone = useRef(zoneOf);
  zone.current = zoneOf;

  trpc.live.onAppointments.useSubscription(
    {},
    {
      onData: ({ data: event }) => {
        if (!isChangeEvent(event)) {
          // The server no longer has what we missed: start again from fresh queries.
          void queryClient.invalidateQueries({ queryKey: [CALENDAR_KEY] });
          void utils.appointments.invalidate();
          return;
        }
        const appointment = appointmentOf(event);
        if (!appointment) return;
        apply(appointment);
        freshAppointments.mark(appointment.id);
        if (event.actorId === me.id) return;
        const when = formatDateTime(appointment.startsAt, zone.current(appointment.dentistId));
        if (event.type === "appointment.created") {
          toasts.push({
            tone: "success",
            title: `New booking: ${appointment.patientName}`,
            body: `${appointment.typeName} with ${appointment.dentistName}, ${when}`,
          });
        } else if (event.type === "appointment.cancelled") {
          toasts.push({
            tone: "warning",
            title: `Cancelled: ${appointment.patientName}`,
            body: `${appointment.typeName} with ${appointment.dentistName}, ${when}${
              appointment.cancellationReason ? ` (${appointment.cancellationReason})` : ""
            }`,
          });
        }
      },
      onError: onApiError,
    },
  );
}
