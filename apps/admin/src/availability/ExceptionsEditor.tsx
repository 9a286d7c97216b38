import { formatLocalDate, formatMinute, localDateOf, parseMinute } from "@dentalcare/client";
import { Empty, ErrorNote } from "@dentalcare/ui";
import { useId, useState } from "react";
import { TimeInput } from "../components/TimeInput.tsx";
import { trpc } from "../trpc.ts";
import type { Schedule } from "./WeeklyEditor.tsx";

/** Days that differ from the weekly hours: closed, or open at special hours. */
export function ExceptionsEditor({ schedule }: { schedule: Schedule }) {
  const ids = useId();
  const utils = trpc.useUtils();
  const [date, setDate] = useState("");
  const [closed, setClosed] = useState(true);
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("13:00");
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const today = localDateOf(new Date(), schedule.timeZone);

  const onSchedule = (next: Schedule) =>
    utils.availability.get.setData({ dentistId: next.dentistId }, next);
  const add = trpc.availability.addException.useMutation({
    onSuccess: (next) => {
      onSchedule(next);
      setDate("");
      setReason("");
    },
  });
  const remove = trpc.availability.removeException.useMutation({ onSuccess: onSchedule });

  const upcoming = [...schedule.exceptions]
    .filter((e) => e.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date));

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <div className="section-head">
        <h2 id={`${ids}-title`}>Exceptions</h2>
        <span className="muted small">Holidays and special hours</span>
      </div>
      {upcoming.length === 0 ? (
        <Empty>No upcoming exceptions.</Empty>
      ) : (
        <ul className="list" data-testid="exceptions">
          {upcoming.map((e) => (
            <li key={e.id} className="list__item">
              <span>
                <strong>{formatLocalDate(e.date, { withYear: true })}</strong>
                {" · "}
                {e.closed || e.startMinute === null || e.endMinute === null
                  ? "Closed"
                  : `${formatMinute(e.startMinute)}–${formatMinute(e.endMinute)} only`}
                {e.reason ? <span className="muted"> · {e.reason}</span> : null}
              </span>
              <button
                type="button"
                className="btn btn--small btn--danger"
                disabled={remove.isPending}
                aria-label={`Remove the exception on ${formatLocalDate(e.date)}`}
                onClick={() => remove.mutate({ id: e.id })}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={remove.error} />

      <form
        className="form"
        aria-label="Add an exception"
        onSubmit={(e) => {
          e.preventDefault();
          const startMinute = parseMinute(start);
          const endMinute = parseMinute(end);
          if (!closed && (startMinute === null || endMinute === null || endMinute <= startMinute)) {
            setProblem("Special hours need a start before the end, such as 09:00 to 13:00.");
            return;
          }
          setProblem(null);
          add.mutate({
            dentistId: schedule.dentistId,
            date,
            closed,
            ...(closed || startMinute === null || endMinute === null
              ? {}
              : { startMinute, endMinute }),
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          });
        }}
      >
        <h3>Add an exception</h3>
        <div className="form__row">
          <label className="field" htmlFor={`${ids}-date`}>
            <span>Date</span>
            <input
              id={`${ids}-date`}
              type="date"
              required
              min={today}
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
          </label>
          <label className="field" htmlFor={`${ids}-reason`}>
            <span>Reason (optional)</span>
            <input
              id={`${ids}-reason`}
              maxLength={200}
              value={reason}
              placeholder="e.g. Training day"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
        </div>
        <fieldset className="radios">
          <legend className="sr-only">Hours on that day</legend>
          <label>
            <input
              type="radio"
              name={`${ids}-kind`}
              checked={closed}
              onChange={() => setClosed(true)}
            />{" "}
            Closed all day
          </label>
          <label>
            <input
              type="radio"
              name={`${ids}-kind`}
              checked={!closed}
              onChange={() => setClosed(false)}
            />{" "}
            Special hours
          </label>
        </fieldset>
        {!closed ? (
          <div className="form__row">
            <label className="field" htmlFor={`${ids}-start`}>
              <span>From</span>
              <TimeInput id={`${ids}-start`} value={start} onChange={setStart} />
            </label>
            <label className="field" htmlFor={`${ids}-end`}>
              <span>To</span>
              <TimeInput id={`${ids}-end`} value={end} onChange={setEnd} />
            </label>
          </div>
        ) : null}
        {problem ? (
          <p className="state state--error" role="alert">
            {problem}
          </p>
        ) : null}
        <ErrorNote error={add.error} />
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={add.isPending || !date}>
            {add.isPending ? "Adding…" : "Add exception"}
          </button>
        </div>
      </form>
    </section>
  );
}
