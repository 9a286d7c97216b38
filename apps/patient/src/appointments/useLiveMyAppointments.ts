import { appointmentOf, formatDateTime, isChangeEvent, upsertById } from "@dentalcare/client";
import { useRef } from "react";
import { onApiError } from "../app/api.ts";
import { toasts } from "../app/stores.ts";
import { trpc } from "../trpc.ts";
import { MY_APPOINTMENTS } from "./queries.ts";

/**
 * The patient's appointments, live: a confirmation, a move or a cancellation by the clinic
 * shows at once in the list, with a notice saying what changed.
 */
export function useLiveMyAppointments(
  me: { id: string },
  zoneOf: (dentistId: string) => string,
): void {
  const utils = trpc.useUtils();
  const zone = useRef(zoneOf);
  zone.current = zoneOf;

  trpc.live.onAppointments.useSubscription(
    {},
    {
      onData: ({ data: event }) => {
        if (!isChangeEvent(event)) {
          void utils.appointments.invalidate();
          return;
        }
        const appointment = appointmentOf(event);
        if (!appointment) return;
        const known = utils.appointments.list.getData(MY_APPOINTMENTS);
        if (known) {
          utils.appointments.list.setData(MY_APPOINTMENTS, {
            ...known,
            data: upsertById(known.data, appointment),
          });
        } else {
          void utils.appointments.list.invalidate();
        }
        if (event.actorId === me.id) return;
        const when = formatDateTime(appointment.startsAt, zone.current(appointment.dentistId));
        const what = `${appointment.typeName} with ${appointment.dentistName}`;
        if (event.type === "appointment.status_changed" && appointment.status === "confirmed") {
          toasts.push({
            tone: "success",
            title: "Appointment confirmed",
            body: `${what}, ${when}`,
          });
        } else if (event.type === "appointment.cancelled") {
          toasts.push({
            tone: "warning",
            title: "Appointment cancelled by the clinic",
            body: `${what}, ${when}${appointment.cancellationReason ? `: ${appointment.cancellationReason}` : ""}`,
          });
        } else if (
          event.type === "appointment.updated" &&
          "previous" in event.payload &&
          event.payload.previous
        ) {
          toasts.push({ tone: "info", title: "Appointment moved", body: `${what}, now ${when}` });
        } else if (event.type === "appointment.created") {
          toasts.push({
            tone: "success",
            title: "New appointment booked for you",
            body: `${what}, ${when}`,
          });
        }
      },
      onError: onApiError,
    },
  );
}
