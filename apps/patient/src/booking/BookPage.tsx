import { formatDateTime, formatLocalDate, localDateOf } from "@dentalcare/client";
import { Empty, ErrorNote, Loading } from "@dentalcare/ui";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { trpc } from "../trpc.ts";
import { nextDays } from "./booking-rules.ts";
import { DatePicker } from "./DatePicker.tsx";
import { HoldPanel } from "./HoldPanel.tsx";
import { type Appointment, type Reservation, useAppointmentTypes, useDentists } from "./queries.ts";
import { SlotList } from "./SlotList.tsx";
import { useLiveSlots } from "./useLiveSlots.ts";

type Outcome = { kind: "booked"; appointment: Appointment } | { kind: "expired" } | null;

/** Pick a dentist, a treatment, a day and a free time; hold it; confirm it. */
export function BookPage() {
  const ids = useId();
  const utils = trpc.useUtils();
  const dentists = useDentists();
  const types = useAppointmentTypes();
  const [dentistChoice, setDentistId] = useState<string | null>(null);
  const [typeChoice, setTypeId] = useState<string | null>(null);
  const [dateChoice, setDate] = useState<string | null>(null);
  const [hold, setHold] = useState<Reservation | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const dentist = dentists.data?.find((d) => d.id === dentistChoice) ?? dentists.data?.[0] ?? null;
  const type = types.data?.find((t) => t.id === typeChoice) ?? types.data?.[0] ?? null;
  const zone = dentist?.timeZone ?? "UTC";
  const days = nextDays(localDateOf(new Date(), zone));
  const date = dateChoice && days.includes(dateChoice) ? dateChoice : (days[0] ?? "");

  useLiveSlots(dentist?.id ?? null, date, zone);
  const slots = trpc.availability.slots.useQuery(
    { dentistId: dentist?.id ?? "", date, typeId: type?.id ?? "" },
    { enabled: dentist !== null && type !== null },
  );

  // A hold made earlier in this tab (or before a reload) is picked up again.
  const mine = trpc.reservations.mine.useQuery(undefined, { staleTime: 0 });
  const restored = useRef(false);
  useEffect(() => {
    if (!mine.data || restored.current) return;
    restored.current = true;
    const existing = mine.data.find((r) => Date.parse(r.expiresAt) > Date.now());
    if (!existing) return;
    setHold(existing);
    setDentistId(existing.dentistId);
    if (existing.typeId) setTypeId(existing.typeId);
  }, [mine.data]);

  const holdSlot = trpc.reservations.hold.useMutation({
    onSuccess: (reservation) => {
      setHold(reservation);
      setOutcome(null);
    },
    onError: () => void utils.availability.slots.invalidate(),
  });

  const clearHold = useCallback(() => {
    setHold(null);
    void utils.availability.slots.invalidate();
  }, [utils]);
  const onExpired = useCallback(() => {
    clearHold();
    setOutcome({ kind: "expired" });
  }, [clearHold]);
  const onBooked = useCallback(
    (appointment: Appointment) => {
      clearHold();
      setOutcome({ kind: "booked", appointment });
      void utils.appointments.list.invalidate();
    },
    [clearHold, utils],
  );

  if (dentists.isPending || types.isPending) return <Loading label="Loading dentists…" />;
  if (dentists.isError)
    return <ErrorNote error={dentists.error} onRetry={() => void dentists.refetch()} />;
  if (types.isError) return <ErrorNote error={types.error} onRetry={() => void types.refetch()} />;
  if (!dentist || !type) return <Empty>No dentists are taking bookings at the moment.</Empty>;

  const holdDentist = hold
    ? (dentists.data.find((d) => d.id === hold.dentistId) ?? dentist)
    : dentist;
  const holdType = hold ? (types.data.find((t) => t.id === hold.typeId) ?? type) : type;

  return (
    <div className="page">
      <div className="page__header">
        <h1>Book an appointment</h1>
      </div>

      {outcome?.kind === "booked" ? (
        <div
          className="notice notice--success"
          role="status"
          data-testid="booking-done"
          data-appointment-id={outcome.appointment.id}
        >
          <strong>Booked!</strong> {outcome.appointment.typeName} with{" "}
          {outcome.appointment.dentistName}, {formatDateTime(outcome.appointment.startsAt, zone)}.
          The clinic will confirm it shortly; <a href="#/appointments">see your appointments</a>.
        </div>
      ) : null}
      {outcome?.kind === "expired" ? (
        <div className="notice notice--warning" role="status" data-testid="hold-expired">
          Your hold expired, so the time was released for others. The free times below are up to
          date; please pick one again.
        </div>
      ) : null}

      {hold ? (
        <HoldPanel
          key={hold.id}
          hold={hold}
          dentist={holdDentist}
          type={holdType}
          onBooked={onBooked}
          onReleased={clearHold}
          onExpired={onExpired}
        />
      ) : null}

      <section className="card" aria-labelledby={`${ids}-choose`}>
        <h2 id={`${ids}-choose`} className="sr-only">
          Choose a dentist and a treatment
        </h2>
        <div className="form__row">
          <label className="field" htmlFor={`${ids}-dentist`}>
            <span>Dentist</span>
            <select
              id={`${ids}-dentist`}
              value={dentist.id}
              disabled={hold !== null}
              onChange={(e) => setDentistId(e.target.value)}
            >
              {dentists.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fullName} — {d.specialty}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor={`${ids}-type`}>
            <span>Treatment</span>
            <select
              id={`${ids}-type`}
              value={type.id}
              disabled={hold !== null}
              onChange={(e) => setTypeId(e.target.value)}
            >
              {types.data.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.durationMinutes} min)
                </option>
              ))}
            </select>
          </label>
        </div>
        {dentist.bio ? <p className="muted small">{dentist.bio}</p> : null}
      </section>

      <section className="card" aria-labelledby={`${ids}-when`}>
        <div className="section-head">
          <h2 id={`${ids}-when`}>Choose a day and time</h2>
          <span className="muted small">Times in {zone} · updates live</span>
        </div>
        <DatePicker days={days} value={date} onChange={setDate} timeZone={zone} />
        <h3 className="slots__title">{formatLocalDate(date, { weekday: "long" })}</h3>
        <ErrorNote error={holdSlot.error} />
        <div
          data-testid="slot-results"
          data-date={slots.data?.date}
          data-state={slots.isPending ? "loading" : slots.isError ? "error" : "ready"}
          aria-busy={slots.isFetching}
        >
          {slots.isPending ? (
            <Loading label="Looking for free times…" />
          ) : slots.isError ? (
            <ErrorNote error={slots.error} onRetry={() => void slots.refetch()} />
          ) : slots.data.slots.length === 0 ? (
            <Empty>No free times on this day. Please try another day.</Empty>
          ) : (
            <SlotList
              slots={slots.data.slots}
              timeZone={slots.data.timeZone}
              heldStartsAt={hold?.dentistId === dentist.id ? hold.startsAt : null}
              disabled={hold !== null || holdSlot.isPending}
              onPick={(slot) =>
                holdSlot.mutate({ dentistId: dentist.id, startsAt: slot.startsAt, typeId: type.id })
              }
            />
          )}
        </div>
        {hold ? (
          <p className="muted small">Confirm or cancel the time you are holding to pick another.</p>
        ) : null}
      </section>
    </div>
  );
}
