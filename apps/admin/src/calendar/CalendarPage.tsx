import { formatLocalDate, localDateOf } from "@dentalcare/client";
import { Empty, ErrorNote, Loading } from "@dentalcare/ui";
import { useId, useState } from "react";
import { AppointmentDialog } from "./AppointmentDialog.tsx";
import { CalendarGrid } from "./CalendarGrid.tsx";
import {
  type CalendarView,
  clinicZone,
  daysOf,
  rangeOf,
  STATUSES,
  type Status,
  shiftAnchor,
} from "./calendar-data.ts";
import { type Dentist, useCalendarAppointments, useDentists } from "./queries.ts";

export interface Me {
  id: string;
  role: "admin" | "dentist" | "patient";
  fullName: string;
}

const STATUS_LABELS: Record<Status, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
};

function narrowScreen(): boolean {
  return window.matchMedia("(max-width: 720px)").matches;
}

function title(days: readonly string[]): string {
  const first = days[0] ?? "";
  const last = days[days.length - 1] ?? first;
  if (first === last) return formatLocalDate(first, { weekday: "long", withYear: true });
  return `${formatLocalDate(first, { withYear: false })} – ${formatLocalDate(last, { withYear: true })}`;
}

export function CalendarPage({ me }: { me: Me }) {
  const ids = useId();
  const dentists = useDentists();
  const [view, setView] = useState<CalendarView>(() => (narrowScreen() ? "day" : "week"));
  const [dentistId, setDentistId] = useState(me.role === "dentist" ? me.id : "");
  const [statuses, setStatuses] = useState<ReadonlySet<Status>>(
    () => new Set<Status>(["pending", "confirmed", "completed"]),
  );
  const [anchorChoice, setAnchor] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const list: Dentist[] = dentists.data ?? [];
  const dentist = list.find((d) => d.id === dentistId);
  const zone = dentist?.timeZone ?? clinicZone(list);
  const today = localDateOf(new Date(), zone);
  const anchor = anchorChoice ?? today;
  const days = daysOf(view, anchor);
  const appointments = useCalendarAppointments(rangeOf(days, zone), dentistId || null);
  const visible = (appointments.data ?? []).filter(
    (a) => statuses.has(a.status) && (!dentistId || a.dentistId === dentistId),
  );
  const selected = appointments.data?.find((a) => a.id === selectedId) ?? null;
  const zoneOf = (id: string) => list.find((d) => d.id === id)?.timeZone ?? zone;

  const toggleStatus = (status: Status) => {
    setStatuses((current) => {
      const next = new Set(current);
      if (next.has(status)) next.delete(status);
      else next.add(status);
      return next;
    });
  };

  if (dentists.isPending) return <Loading label="Loading the calendar…" />;
  if (dentists.isError)
    return <ErrorNote error={dentists.error} onRetry={() => void dentists.refetch()} />;

  return (
    <div className="page">
      <div className="page__header">
        <h1>Appointments</h1>
        <p className="muted" data-testid="calendar-zone">
          Times in {zone}
        </p>
      </div>

      <div className="toolbar" role="toolbar" aria-label="Calendar controls">
        <div className="toolbar__group">
          <button type="button" className="btn" onClick={() => setAnchor(null)}>
            Today
          </button>
          <button
            type="button"
            className="btn btn--icon"
            aria-label={view === "day" ? "Previous day" : "Previous week"}
            onClick={() => setAnchor(shiftAnchor(view, anchor, -1))}
          >
            ‹
          </button>
          <button
            type="button"
            className="btn btn--icon"
            aria-label={view === "day" ? "Next day" : "Next week"}
            onClick={() => setAnchor(shiftAnchor(view, anchor, 1))}
          >
            ›
          </button>
          <h2 className="toolbar__title" aria-live="polite">
            {title(days)}
          </h2>
        </div>
        <div className="toolbar__group">
          <label className="field field--inline" htmlFor={`${ids}-goto`}>
            <span>Go to date</span>
            <input
              id={`${ids}-goto`}
              type="date"
              value={anchor}
              onChange={(e) => {
                if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) setAnchor(e.target.value);
              }}
            />
          </label>
          <fieldset className="segmented">
            <legend className="sr-only">View</legend>
            {(["day", "week"] as const).map((v) => (
              <button
                key={v}
                type="button"
                className="segmented__option"
                aria-pressed={view === v}
                onClick={() => setView(v)}
              >
                {v === "day" ? "Day" : "Week"}
              </button>
            ))}
          </fieldset>
          {me.role === "admin" ? (
            <label className="field field--inline" htmlFor={`${ids}-dentist`}>
              <span>Dentist</span>
              <select
                id={`${ids}-dentist`}
                value={dentistId}
                onChange={(e) => {
                  setDentistId(e.target.value);
                  setSelectedId(null);
                }}
              >
                <option value="">All dentists</option>
                {list.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.fullName}
                    {d.active ? "" : " (inactive)"}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      </div>

      <fieldset className="filters">
        <legend>Status</legend>
        {STATUSES.map((s) => (
          <label key={s} className={`chip chip--${s}`}>
            <input type="checkbox" checked={statuses.has(s)} onChange={() => toggleStatus(s)} />
            {STATUS_LABELS[s]}
          </label>
        ))}
        <span className="muted filters__count" aria-live="polite" data-testid="appointment-count">
          {appointments.isFetching && !appointments.data
            ? ""
            : `${visible.length} appointment${visible.length === 1 ? "" : "s"}`}
        </span>
      </fieldset>

      {appointments.isError ? (
        <ErrorNote error={appointments.error} onRetry={() => void appointments.refetch()} />
      ) : null}
      {appointments.isPending ? (
        <Loading label="Loading appointments…" />
      ) : (
        <div className="cal-wrap" aria-busy={appointments.isFetching} data-days={days.join(" ")}>
          <CalendarGrid
            days={days}
            timeZone={zone}
            appointments={visible}
            showDentist={!dentistId}
            onSelect={setSelectedId}
          />
          {visible.length === 0 ? (
            <Empty>
              No appointments {view === "day" ? "on this day" : "this week"} with these filters.
            </Empty>
          ) : null}
        </div>
      )}

      {selected ? (
        <AppointmentDialog
          key={selected.id}
          appointment={selected}
          timeZone={zoneOf(selected.dentistId)}
          onClose={() => setSelectedId(null)}
        />
      ) : null}
    </div>
  );
}
