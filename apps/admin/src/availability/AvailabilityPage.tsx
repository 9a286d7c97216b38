import { isChangeEvent } from "@dentalcare/client";
import { ErrorNote, Loading } from "@dentalcare/ui";
import { useId, useState } from "react";
import { onApiError } from "../app/api.ts";
import type { Me } from "../calendar/CalendarPage.tsx";
import { useDentists } from "../calendar/queries.ts";
import { trpc } from "../trpc.ts";
import { ExceptionsEditor } from "./ExceptionsEditor.tsx";
import { WeeklyEditor } from "./WeeklyEditor.tsx";

/** A dentist's weekly hours and exceptions; admins pick the dentist, dentists edit their own. */
export function AvailabilityPage({ me }: { me: Me }) {
  const ids = useId();
  const utils = trpc.useUtils();
  const dentists = useDentists();
  const [choice, setChoice] = useState<string | null>(null);
  const dentistId = me.role === "dentist" ? me.id : (choice ?? dentists.data?.[0]?.id ?? null);
  const schedule = trpc.availability.get.useQuery(
    { dentistId: dentistId ?? "" },
    { enabled: dentistId !== null },
  );

  trpc.live.onAvailability.useSubscription(
    { dentistId: dentistId ?? "" },
    {
      enabled: dentistId !== null,
      onData: ({ data: event }) => {
        if (!isChangeEvent(event) || event.type !== "availability.updated") {
          void utils.availability.get.invalidate();
          return;
        }
        const next = event.payload.schedule;
        const current = utils.availability.get.getData({ dentistId: next.dentistId });
        if (!current || next.version >= current.version) {
          utils.availability.get.setData({ dentistId: next.dentistId }, next);
        }
      },
      onError: onApiError,
    },
  );

  if (dentists.isPending) return <Loading />;
  if (dentists.isError)
    return <ErrorNote error={dentists.error} onRetry={() => void dentists.refetch()} />;
  const dentist = dentists.data.find((d) => d.id === dentistId);

  return (
    <div className="page">
      <div className="page__header">
        <h1>Availability</h1>
        {me.role === "admin" ? (
          <label className="field field--inline" htmlFor={`${ids}-dentist`}>
            <span>Dentist</span>
            <select
              id={`${ids}-dentist`}
              value={dentistId ?? ""}
              onChange={(e) => setChoice(e.target.value)}
            >
              {dentists.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fullName}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted">{dentist?.fullName}</span>
        )}
      </div>
      {schedule.isPending ? (
        <Loading label="Loading the schedule…" />
      ) : schedule.isError ? (
        <ErrorNote error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <div className="grid-2">
          <WeeklyEditor key={schedule.data.dentistId} schedule={schedule.data} />
          <ExceptionsEditor key={`x-${schedule.data.dentistId}`} schedule={schedule.data} />
        </div>
      )}
    </div>
  );
}
