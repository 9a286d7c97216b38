import type { RouterOutputs } from "@dentalcare/api";
import { ErrorNote } from "@dentalcare/ui";
import { useEffect, useId, useState } from "react";
import { TimeInput } from "../components/TimeInput.tsx";
import { trpc } from "../trpc.ts";
import {
  draftFromWeekly,
  newRange,
  type RangeDraft,
  sameWeekly,
  suggestRange,
  WEEKDAYS,
  type WeekDraft,
  weeklyFromDraft,
} from "./schedule-draft.ts";

export type Schedule = RouterOutputs["availability"]["get"];

const SLOT_CHOICES = [10, 15, 20, 30, 45, 60];

/**
 * Working hours per weekday, as any number of ranges (two ranges make a lunch break). Saving
 * replaces the week; patients' slot pickers change at once.
 */
export function WeeklyEditor({ schedule }: { schedule: Schedule }) {
  const ids = useId();
  const utils = trpc.useUtils();
  const [base, setBase] = useState(schedule);
  const [draft, setDraft] = useState<WeekDraft>(() => draftFromWeekly(schedule.weekly));
  const [slotMinutes, setSlotMinutes] = useState(schedule.slotMinutes);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [changedElsewhere, setChangedElsewhere] = useState(false);

  const parsed = weeklyFromDraft(draft);
  const dirty =
    slotMinutes !== base.slotMinutes || !parsed.ok || !sameWeekly(parsed.weekly, base.weekly);

  // Someone else saved: follow them unless this editor has unsaved changes.
  useEffect(() => {
    if (schedule.version === base.version) return;
    if (dirty) {
      setChangedElsewhere(true);
      return;
    }
    setBase(schedule);
    setDraft(draftFromWeekly(schedule.weekly));
    setSlotMinutes(schedule.slotMinutes);
  }, [schedule, base.version, dirty]);

  const update = trpc.availability.update.useMutation({
    onSuccess: (next) => {
      utils.availability.get.setData({ dentistId: next.dentistId }, next);
      setBase(next);
      setDraft(draftFromWeekly(next.weekly));
      setSlotMinutes(next.slotMinutes);
      setSaved(true);
      setChangedElsewhere(false);
    },
    onError: () => void utils.availability.get.invalidate({ dentistId: schedule.dentistId }),
  });

  const setDay = (weekday: number, ranges: RangeDraft[]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [weekday]: ranges }));
  };
  const patchRange = (weekday: number, key: number, patch: Partial<RangeDraft>) => {
    setSaved(false);
    setDraft((d) => ({
      ...d,
      [weekday]: (d[weekday] ?? []).map((x) => (x.key === key ? { ...x, ...patch } : x)),
    }));
  };

  return (
    <form
      className="card form"
      aria-labelledby={`${ids}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed.ok) {
          setProblems(parsed.problems);
          return;
        }
        setProblems([]);
        update.mutate({
          dentistId: schedule.dentistId,
          weekly: parsed.weekly,
          slotMinutes,
          expectedVersion: base.version,
        });
      }}
    >
      <div className="section-head">
        <h2 id={`${ids}-title`}>Weekly hours</h2>
        <span className="muted small">Times in {schedule.timeZone}</span>
      </div>
      {changedElsewhere ? (
        <div className="notice notice--warning" role="status">
          These hours were just changed by someone else.{" "}
          <button
            type="button"
            className="btn btn--link"
            onClick={() => {
              setBase(schedule);
              setDraft(draftFromWeekly(schedule.weekly));
              setSlotMinutes(schedule.slotMinutes);
              setChangedElsewhere(false);
            }}
          >
            Load their version
          </button>
        </div>
      ) : null}
      <div className="week-editor">
        {WEEKDAYS.map(([weekday, name]) => {
          const ranges = draft[weekday] ?? [];
          return (
            <fieldset key={weekday} className="weekday" data-testid={`weekday-${weekday}`}>
              <legend className="sr-only">{name}</legend>
              <span className="weekday__name" aria-hidden="true">
                {name}
              </span>
              <div className="weekday__ranges">
                {ranges.length === 0 ? <span className="muted">Closed</span> : null}
                {ranges.map((r, i) => (
                  <div key={r.key} className="range">
                    <label className="sr-only" htmlFor={`${ids}-${r.key}-start`}>
                      {name} range {i + 1} start
                    </label>
                    <TimeInput
                      id={`${ids}-${r.key}-start`}
                      value={r.start}
                      onChange={(value) => patchRange(weekday, r.key, { start: value })}
                    />
                    <span aria-hidden="true">to</span>
                    <label className="sr-only" htmlFor={`${ids}-${r.key}-end`}>
                      {name} range {i + 1} end
                    </label>
                    <TimeInput
                      id={`${ids}-${r.key}-end`}
                      value={r.end}
                      onChange={(value) => patchRange(weekday, r.key, { end: value })}
                    />
                    <button
                      type="button"
                      className="btn btn--small btn--danger"
                      aria-label={`Remove ${name} ${r.start}–${r.end}`}
                      onClick={() =>
                        setDay(
                          weekday,
                          ranges.filter((x) => x.key !== r.key),
                        )
                      }
                    >
                      Remove
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  className="btn btn--small"
                  aria-label={`Add hours on ${name}`}
                  onClick={() =>
                    setDay(weekday, [
                      ...ranges,
                      ranges.length === 0 ? newRange() : suggestRange(ranges),
                    ])
                  }
                >
                  + Add hours
                </button>
              </div>
            </fieldset>
          );
        })}
      </div>
      <label className="field field--inline" htmlFor={`${ids}-slot`}>
        <span>Start times every</span>
        <select
          id={`${ids}-slot`}
          value={slotMinutes}
          onChange={(e) => {
            setSaved(false);
            setSlotMinutes(Number(e.target.value));
          }}
        >
          {[...new Set([...SLOT_CHOICES, base.slotMinutes])]
            .sort((a, b) => a - b)
            .map((m) => (
              <option key={m} value={m}>
                {m} minutes
              </option>
            ))}
        </select>
      </label>
      {problems.length > 0 ? (
        <ul className="problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <ErrorNote error={update.error} />
      {saved ? (
        <p className="notice notice--success" role="status">
          Saved. Patients see the new hours now.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={!dirty || update.isPending}>
          {update.isPending ? "Saving…" : "Save weekly hours"}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!dirty || update.isPending}
          onClick={() => {
            setDraft(draftFromWeekly(base.weekly));
            setSlotMinutes(base.slotMinutes);
            setProblems([]);
          }}
        >
          Discard changes
        </button>
      </div>
    </form>
  );
}
