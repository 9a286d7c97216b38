import type { Slot } from "./queries.ts";

interface Props {
  slots: readonly Slot[];
  timeZone: string;
  /** The slot this patient holds, shown as chosen. */
  heldStartsAt: string | null;
  disabled: boolean;
  onPick: (slot: Slot) => void;
}

/** Free times of one day as buttons, morning to evening. */
export function SlotList({ slots, timeZone, heldStartsAt, disabled, onPick }: Props) {
  return (
    <ul className="slots" aria-label={`Free times (${timeZone})`} data-testid="slots">
      {slots.map((slot) => {
        const held = slot.startsAt === heldStartsAt;
        return (
          <li key={slot.startsAt}>
            <button
              type="button"
              className="slot"
              aria-pressed={held}
              aria-label={`${slot.localTime} (${timeZone})${held ? ", held for you" : ""}`}
              disabled={disabled}
              data-testid="slot"
              data-starts-at={slot.startsAt}
              onClick={() => onPick(slot)}
            >
              {slot.localTime}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
