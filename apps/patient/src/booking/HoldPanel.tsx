import { formatDate, formatTimeWithZone } from "@dentalcare/client";
import { ErrorNote } from "@dentalcare/ui";
import { useEffect, useId, useState } from "react";
import { useNow } from "../app/hooks.ts";
import { trpc } from "../trpc.ts";
import { formatCountdown, spokenCountdown } from "./booking-rules.ts";
import type { Appointment, AppointmentType, Dentist, Reservation } from "./queries.ts";

interface Props {
  hold: Reservation;
  dentist: Dentist;
  type: AppointmentType;
  onBooked: (appointment: Appointment) => void;
  onReleased: () => void;
  onExpired: () => void;
}

// Screen readers hear the time left at these marks (seconds), not every tick.
const ANNOUNCE_AT = new Set([240, 180, 120, 60, 30, 10]);

/** The held slot: time left, optional notes, then confirm or give it back. */
export function HoldPanel({ hold, dentist, type, onBooked, onReleased, onExpired }: Props) {
  const ids = useId();
  const now = useNow(250);
  const [notes, setNotes] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const left = Date.parse(hold.expiresAt) - now;
  const expired = left <= 0;
  const secondsLeft = Math.ceil(left / 1000);

  const create = trpc.appointments.create.useMutation({ onSuccess: onBooked });
  const release = trpc.reservations.release.useMutation({
    onSuccess: onReleased,
    // Already gone (expired or converted): nothing is held any more either way.
    onError: onReleased,
  });

  useEffect(() => {
    if (ANNOUNCE_AT.has(secondsLeft))
      setAnnouncement(`${spokenCountdown(secondsLeft * 1000)} left to confirm`);
  }, [secondsLeft]);

  useEffect(() => {
    if (expired && !create.isPending && !create.isSuccess) onExpired();
  }, [expired, create.isPending, create.isSuccess, onExpired]);

  const when = `${formatDate(hold.startsAt, dentist.timeZone, { weekday: "long" })}, ${formatTimeWithZone(
    hold.startsAt,
    dentist.timeZone,
  )}`;

  return (
    <section className="card hold" aria-labelledby={`${ids}-title`} data-testid="hold-panel">
      <div className="hold__header">
        <div>
          <h2 id={`${ids}-title`}>Confirm your booking</h2>
          <p className="hold__what">
            {type.name} ({type.durationMinutes} min) with {dentist.fullName}
          </p>
          <p className="hold__when" data-testid="hold-when">
            {when}
          </p>
        </div>
        <div className={`countdown${left < 60_000 ? " countdown--low" : ""}`}>
          <span className="countdown__label">Held for you</span>
          <span
            className="countdown__time"
            role="timer"
            aria-label={`${spokenCountdown(left)} left`}
            data-testid="hold-countdown"
          >
            {formatCountdown(left)}
          </span>
        </div>
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <p className="muted small">
        Nobody else can take this time while it is held. Confirm before the timer runs out.
      </p>
      <label className="field" htmlFor={`${ids}-notes`}>
        <span>Anything the dentist should know? (optional)</span>
        <textarea
          id={`${ids}-notes`}
          rows={2}
          maxLength={2000}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </label>
      <ErrorNote error={create.error ?? release.error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn--primary"
          disabled={expired || create.isPending || release.isPending}
          onClick={() =>
            create.mutate({
              dentistId: hold.dentistId,
              typeId: type.id,
              startsAt: hold.startsAt,
              reservationId: hold.id,
              ...(notes.trim() ? { patientNotes: notes.trim() } : {}),
            })
          }
        >
          {create.isPending ? "Booking…" : "Confirm booking"}
        </button>
        <button
          type="button"
          className="btn"
          disabled={create.isPending || release.isPending}
          onClick={() => release.mutate({ id: hold.id })}
        >
          {release.isPending ? "Releasing…" : "Cancel"}
        </button>
      </div>
    </section>
  );
}
