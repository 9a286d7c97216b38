import {
  formatMinute,
  localDateOf,
  minuteOfDayIn,
  parseMinute,
  zonedTimeToInstant,
} from "@dentalcare/client";
import { ErrorNote } from "@dentalcare/ui";
import { useId, useState } from "react";
import { TimeInput } from "../components/TimeInput.tsx";
import { trpc } from "../trpc.ts";
import type { Appointment } from "./queries.ts";

interface Props {
  appointment: Appointment;
  timeZone: string;
  onDone: (updated: Appointment) => void;
  onCancel: () => void;
}

/** A new date and time on the dentist's clock, with that day's free times to pick from. */
export function RescheduleForm({ appointment: a, timeZone, onDone, onCancel }: Props) {
  const ids = useId();
  const [date, setDate] = useState(() => localDateOf(a.startsAt, timeZone));
  const [time, setTime] = useState(() => formatMinute(minuteOfDayIn(a.startsAt, timeZone)));
  const [problem, setProblem] = useState<string | null>(null);
  const slots = trpc.availability.slots.useQuery(
    { dentistId: a.dentistId, date, typeId: a.typeId },
    { enabled: /^\d{4}-\d{2}-\d{2}$/.test(date) },
  );
  const update = trpc.appointments.update.useMutation({ onSuccess: onDone });

  return (
    <form
      className="form"
      aria-label="Reschedule"
      onSubmit={(e) => {
        e.preventDefault();
        const minute = parseMinute(time);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || minute === null) {
          setProblem("Enter a date and a time such as 14:30.");
          return;
        }
        setProblem(null);
        update.mutate({
          id: a.id,
          startsAt: zonedTimeToInstant(date, minute, timeZone).toISOString(),
          expectedVersion: a.version,
        });
      }}
    >
      <div className="form__row">
        <label className="field" htmlFor={`${ids}-date`}>
          <span>New date</span>
          <input
            id={`${ids}-date`}
            type="date"
            required
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${ids}-time`}>
          <span>New time ({timeZone})</span>
          <TimeInput id={`${ids}-time`} required value={time} onChange={setTime} />
        </label>
      </div>
      <div className="free-times" aria-live="polite">
        {slots.isPending ? (
          <span className="muted">Looking for free times…</span>
        ) : slots.isError ? (
          <span className="muted">Free times could not be loaded.</span>
        ) : slots.data.slots.length === 0 ? (
          <span className="muted">No free times on this day.</span>
        ) : (
          <>
            <span className="muted">Free on this day:</span>
            {slots.data.slots.map((s) => (
              <button
                key={s.startsAt}
                type="button"
                className="chip chip--button"
                aria-pressed={s.localTime === time}
                onClick={() => setTime(s.localTime)}
              >
                {s.localTime}
              </button>
            ))}
          </>
        )}
      </div>
      {problem ? (
        <p className="state state--error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNote error={update.error} />
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={update.isPending}>
          {update.isPending ? "Moving…" : "Move appointment"}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}
