import { formatDate, formatTime, upsertById } from "@dentalcare/client";
import { Empty, ErrorNote, Loading } from "@dentalcare/ui";
import { useId, useState } from "react";
import { useNow } from "../app/hooks.ts";
import { cancelRule, splitAppointments } from "../booking/booking-rules.ts";
import { type Appointment, useDentists } from "../booking/queries.ts";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { trpc } from "../trpc.ts";
import { MY_APPOINTMENTS, useMyAppointments } from "./queries.ts";

function When({ a, timeZone }: { a: Appointment; timeZone: string }) {
  return (
    <span className="appt-card__when">
      {formatDate(a.startsAt, timeZone, { weekday: "long", withYear: true })},{" "}
      {formatTime(a.startsAt, timeZone)}–{formatTime(a.endsAt, timeZone)} ({timeZone})
    </span>
  );
}

function AppointmentCard({ a, timeZone, now }: { a: Appointment; timeZone: string; now: number }) {
  const ids = useId();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const rule = cancelRule(a, now);
  const cancel = trpc.appointments.cancel.useMutation({
    onSuccess: (updated) => {
      const known = utils.appointments.list.getData(MY_APPOINTMENTS);
      if (known) {
        utils.appointments.list.setData(MY_APPOINTMENTS, {
          ...known,
          data: upsertById(known.data, updated),
        });
      }
      setConfirming(false);
    },
  });
  const active = a.status === "pending" || a.status === "confirmed";

  return (
    <li
      className="appt-card"
      data-testid="my-appointment"
      data-appointment-id={a.id}
      data-status={a.status}
    >
      <div className="appt-card__main">
        <div className="appt-card__top">
          <strong>{a.typeName}</strong>
          <StatusBadge status={a.status} />
        </div>
        <When a={a} timeZone={timeZone} />
        <span className="muted">with {a.dentistName}</span>
        {a.status === "pending" ? (
          <span className="muted small">Waiting for the clinic to confirm.</span>
        ) : null}
        {a.status === "cancelled" && a.cancellationReason ? (
          <span className="muted small">Reason: {a.cancellationReason}</span>
        ) : null}
      </div>
      {active ? (
        <div className="appt-card__actions">
          {!confirming ? (
            <>
              <button
                type="button"
                className="btn btn--danger btn--small"
                disabled={!rule.allowed}
                aria-describedby={rule.allowed ? undefined : `${ids}-why`}
                onClick={() => setConfirming(true)}
              >
                Cancel appointment
              </button>
              {rule.allowed ? null : (
                <span id={`${ids}-why`} className="muted small appt-card__why">
                  {rule.reason}
                </span>
              )}
            </>
          ) : (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                cancel.mutate({ id: a.id, ...(reason.trim() ? { reason: reason.trim() } : {}) });
              }}
            >
              <label className="field" htmlFor={`${ids}-reason`}>
                <span>Reason (optional)</span>
                <input
                  id={`${ids}-reason`}
                  value={reason}
                  maxLength={500}
                  onChange={(e) => setReason(e.target.value)}
                />
              </label>
              <div className="actions">
                <button
                  type="submit"
                  className="btn btn--danger btn--small"
                  disabled={cancel.isPending}
                >
                  {cancel.isPending ? "Cancelling…" : "Yes, cancel it"}
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  onClick={() => setConfirming(false)}
                >
                  Keep it
                </button>
              </div>
            </form>
          )}
          <ErrorNote error={cancel.error} />
        </div>
      ) : null}
    </li>
  );
}

export function MyAppointmentsPage() {
  const now = useNow(30_000);
  const appointments = useMyAppointments();
  const dentists = useDentists();
  const zoneOf = (id: string) => dentists.data?.find((d) => d.id === id)?.timeZone ?? "UTC";

  if (appointments.isPending || dentists.isPending)
    return <Loading label="Loading your appointments…" />;
  if (appointments.isError) {
    return <ErrorNote error={appointments.error} onRetry={() => void appointments.refetch()} />;
  }
  const { upcoming, past } = splitAppointments(appointments.data.data, now);

  return (
    <div className="page">
      <div className="page__header">
        <h1>My appointments</h1>
        <a className="btn btn--primary btn--small" href="#/book">
          Book another
        </a>
      </div>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title" className="section-title">
          Upcoming
        </h2>
        {upcoming.length === 0 ? (
          <Empty>
            No upcoming appointments. <a href="#/book">Book one</a>.
          </Empty>
        ) : (
          <ul className="list" data-testid="upcoming-appointments">
            {upcoming.map((a) => (
              <AppointmentCard key={a.id} a={a} timeZone={zoneOf(a.dentistId)} now={now} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title" className="section-title">
          Past and cancelled
        </h2>
        {past.length === 0 ? (
          <Empty>Nothing here yet.</Empty>
        ) : (
          <ul className="list" data-testid="past-appointments">
            {past.map((a) => (
              <AppointmentCard key={a.id} a={a} timeZone={zoneOf(a.dentistId)} now={now} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
