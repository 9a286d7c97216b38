import { formatLocalDate } from "@dentalcare/client";

interface Props {
  days: readonly string[];
  value: string;
  onChange: (date: string) => void;
  timeZone: string;
}

/** The next fourteen days as a row of buttons; arrow keys move between them. */
export function DatePicker({ days, value, onChange, timeZone }: Props) {
  const move = (from: string, step: number) => {
    const i = days.indexOf(from) + step;
    const next = days[Math.max(0, Math.min(days.length - 1, i))];
    if (next) {
      onChange(next);
      document.getElementById(`day-${next}`)?.focus();
    }
  };
  return (
    <fieldset className="days">
      <legend className="sr-only">Date ({timeZone})</legend>
      {days.map((day) => {
        const [weekday = "", dayOfMonth = "", month = ""] = formatLocalDate(day).split(" ");
        return (
          <button
            key={day}
            id={`day-${day}`}
            type="button"
            className="day"
            aria-pressed={day === value}
            aria-label={formatLocalDate(day, { weekday: "long" })}
            data-date={day}
            onClick={() => onChange(day)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight") move(day, 1);
              else if (e.key === "ArrowLeft") move(day, -1);
              else return;
              e.preventDefault();
            }}
          >
            <span className="day__weekday">{weekday}</span>
            <span className="day__number">{dayOfMonth}</span>
            <span className="day__month">{month}</span>
          </button>
        );
      })}
    </fieldset>
  );
}
