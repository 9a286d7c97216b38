interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}

/**
 * A 24-hour "HH:MM" field. The clinic's screens read times on a 24-hour clock whatever the
 * browser's own locale, which a native time input would follow instead.
 */
export function TimeInput({ id, value, onChange, required }: Props) {
  return (
    <input
      id={id}
      className="time-input"
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="HH:MM"
      pattern="([01]?[0-9]|2[0-3]):[0-5][0-9]|24:00"
      title="A time on the 24-hour clock, such as 09:30 or 17:00"
      maxLength={5}
      required={required}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
