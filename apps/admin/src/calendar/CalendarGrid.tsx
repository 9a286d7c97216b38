import { formatLocalDate, formatMinute, localDateOf, minuteOfDayIn } from "@dentalcare/client";
import { type CSSProperties, useSyncExternalStore } from "react";
import { useNow } from "../app/hooks.ts";
import { hoursToShow, layoutDay } from "./calendar-data.ts";
import { freshAppointments } from "./fresh.ts";
import type { Appointment } from "./queries.ts";

interface Props {
  days: readonly string[];
  timeZone: string;
  appointments: readonly Appointment[];
  showDentist: boolean;
  onSelect: (id: string) => void;
}

const PX_PER_MINUTE = 1.5;
// Below this height an appointment shows its time and patient on one line.
const COMPACT_PX = 56;

/** Columns per day, rows per hour; appointments sit at their time in the clinic's zone. */
export function CalendarGrid({ days, timeZone, appointments, showDentist, onSelect }: Props) {
  useSyncExternalStore(freshAppointments.subscribe, freshAppointments.getSnapshot);
  const now = useNow(30_000);
  const today = localDateOf(new Date(now), timeZone);
  const columns = days.map((day) => ({ day, placed: layoutDay(appointments, day, timeZone) }));
  const { firstHour, lastHour } = hoursToShow(columns.flatMap((c) => c.placed));
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);
  const offset = firstHour * 60;
  const style = {
    "--days": days.length,
    "--hour-height": `${60 * PX_PER_MINUTE}px`,
    "--body-height": `${(lastHour - firstHour) * 60 * PX_PER_MINUTE}px`,
  } as CSSProperties;
  const nowMinute = minuteOfDayIn(new Date(now), timeZone);

  return (
    <div
      className={`cal cal--${days.length === 1 ? "day" : "week"}`}
      style={style}
      data-testid="calendar"
    >
      <div className="cal__head">
        <div className="cal__corner" />
        {days.map((day) => (
          <div key={day} className={`cal__dayhead${day === today ? " cal__dayhead--today" : ""}`}>
            {formatLocalDate(day)}
          </div>
        ))}
      </div>
      <div className="cal__body">
        <div className="cal__times" aria-hidden="true">
          {hours.map((h) => (
            <div key={h} className="cal__time">
              {formatMinute(h * 60)}
            </div>
          ))}
        </div>
        {columns.map(({ day, placed }) => (
          <section
            key={day}
            className="cal__col"
            aria-label={`Appointments on ${formatLocalDate(day)}`}
          >
            {day === today && nowMinute >= offset && nowMinute < lastHour * 60 ? (
              <div
                className="cal__now"
                style={{ top: (nowMinute - offset) * PX_PER_MINUTE }}
                aria-hidden="true"
              />
            ) : null}
            {placed.map(({ item, top, bottom, lane, lanes }) => {
              const start = formatMinute(top);
              const end = formatMinute(Math.min(bottom, 1440));
              const label = `${start}–${end} ${item.typeName}, ${item.patientName}${
                showDentist ? ` with ${item.dentistName}` : ""
              }, ${item.status}`;
              const height = Math.max(20, (bottom - top) * PX_PER_MINUTE - 2);
              const classes = [
                "appt",
                `appt--${item.status}`,
                height < COMPACT_PX ? "appt--compact" : "",
                freshAppointments.has(item.id) ? "appt--fresh" : "",
              ];
              return (
                <button
                  type="button"
                  key={item.id}
                  className={classes.filter(Boolean).join(" ")}
                  style={{
                    top: (top - offset) * PX_PER_MINUTE,
                    height,
                    left: `calc(${(lane / lanes) * 100}% + 2px)`,
                    width: `calc(${100 / lanes}% - 4px)`,
                  }}
                  aria-label={label}
                  title={label}
                  data-testid="appointment"
                  data-appointment-id={item.id}
                  data-status={item.status}
                  onClick={() => onSelect(item.id)}
                >
                  <span className="appt__time">{start}</span>
                  <span className="appt__who">{item.patientName}</span>
                  <span className="appt__what">
                    {item.typeName}
                    {showDentist ? ` · ${item.dentistName}` : ""}
                  </span>
                </button>
              );
            })}
          </section>
        ))}
      </div>
    </div>
  );
}
