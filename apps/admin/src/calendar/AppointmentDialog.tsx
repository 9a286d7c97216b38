import { formatDate, formatTime } from "@dentalcare/client";
import { ErrorNote } from "@dentalcare/ui";
import { useEffect, useId, useRef, useState } from "react";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { trpc } from "../trpc.ts";
import { useApplyAppointment } from "./apply.ts";
import type { Appointment } from "./queries.ts";
import { RescheduleForm } from "./RescheduleForm.tsx";

interface Props {
  appointment: Appointment;
  /** The dentist's zone: the time a patient was told. */
  timeZone: string;
  onClose: () => void;
}

type Mode = "view" | "cancel" | "reschedule";

/** Details and actions of one appointment, in a modal dialog; it updates live while open. */
export function AppointmentDialog({ appointment: a, timeZone, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [mode, setMode] = useState<Mode>("view");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const apply = useApplyAppointment();
  const utils = trpc.useUtils();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const onSuccess = (message: string) => (updated: Appointment) => {
    apply(updated);
    setDone(message);
    setMode("view");
  };
  // A stale copy is the usual cause of a conflict: fetch the current one.
  const onError = () => void utils.appointments.byId.invalidate({ id: a.id });
  const confirm = trpc.appointments.confirm.useMutation({
    onSuccess: onSuccess("Confirmed."),
    onError,
  });
  const complete = trpc.appointments.complete.useMutation({
    onSuccess: onSuccess("Marked as completed."),
    onError,
  });
  const cancel = trpc.appointments.cancel.useMutation({
    onSuccess: onSuccess("Cancelled. The patient sees it now."),
    onError,
  });
  const busy = confirm.isPending || complete.isPending || cancel.isPending;
  const error = confirm.error ?? complete.error ?? cancel.error;
  const active = a.status === "pending" || a.status === "confirmed";
  const started = Date.parse(a.startsAt) <= Date.now();

  const close = () => ref.current?.close();

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${ids}-title`} onClose={onClose}>
      <header className="dialog__header">
        <h2 id={`${ids}-title`}>
          {a.typeName} · {a.patientName}
        </h2>
        <button type="button" className="btn btn--icon" aria-label="Close" onClick={close}>
          ×
        </button>
      </header>

      <dl className="details">
        <dt>When</dt>
        <dd data-testid="appointment-when">
          {formatDate(a.startsAt, timeZone, { withYear: true })}, {formatTime(a.startsAt, timeZone)}
          –{formatTime(a.endsAt, timeZone)} ({timeZone})
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={a.status} />
        </dd>
        <dt>Dentist</dt>
        <dd>{a.dentistName}</dd>
        <dt>Booked via</dt>
        <dd>
          {a.source === "patient_app"
            ? "Patient app"
            : a.source === "chatbot"
              ? "Booking assistant"
              : "Clinic"}
        </dd>
        {a.patientNotes ? (
          <>
            <dt>Patient's notes</dt>
            <dd>{a.patientNotes}</dd>
          </>
        ) : null}
        {a.medicalHistory ? (
          <>
            <dt>Medical history</dt>
            <dd>{a.medicalHistory}</dd>
          </>
        ) : null}
        {a.notes ? (
          <>
            <dt>Staff notes</dt>
            <dd>{a.notes}</dd>
          </>
        ) : null}
        {a.status === "cancelled" ? (
          <>
            <dt>Cancellation</dt>
            <dd>{a.cancellationReason ?? "No reason given"}</dd>
          </>
        ) : null}
      </dl>

      {done ? (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNote error={error} />

      {mode === "view" && active ? (
        <div className="actions">
          {a.status === "pending" ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => confirm.mutate({ id: a.id })}
            >
              Confirm
            </button>
          ) : null}
          {a.status === "confirmed" ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy || !started}
              title={started ? undefined : "Can be completed once it has started"}
              onClick={() => complete.mutate({ id: a.id })}
            >
              Complete
            </button>
          ) : null}
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => setMode("reschedule")}
          >
            Reschedule
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={busy}
            onClick={() => setMode("cancel")}
          >
            Cancel appointment
          </button>
        </div>
      ) : null}

      {mode === "cancel" ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate({ id: a.id, ...(reason.trim() ? { reason: reason.trim() } : {}) });
          }}
        >
          <label className="field" htmlFor={`${ids}-reason`}>
            <span>Reason (shown to the patient)</span>
            <textarea
              id={`${ids}-reason`}
              value={reason}
              maxLength={500}
              rows={3}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <div className="actions">
            <button type="submit" className="btn btn--danger" disabled={busy}>
              {cancel.isPending ? "Cancelling…" : "Cancel appointment"}
            </button>
            <button type="button" className="btn" onClick={() => setMode("view")}>
              Keep it
            </button>
          </div>
        </form>
      ) : null}

      {mode === "reschedule" ? (
        <RescheduleForm
          appointment={a}
          timeZone={timeZone}
          onDone={(updated) => onSuccess("Moved. The patient sees the new time now.")(updated)}
          onCancel={() => setMode("view")}
        />
      ) : null}
    </dialog>
  );
}
