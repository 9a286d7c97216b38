import {
  formatDate,
  formatDateTime,
  formatLocalDate,
  formatTimeWithZone,
} from "@dentalcare/client";
import { Empty, ErrorNote, Loading } from "@dentalcare/ui";
import { useId } from "react";
import { clinicZone } from "../calendar/calendar-data.ts";
import { useDentists } from "../calendar/queries.ts";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { trpc } from "../trpc.ts";

/** One patient's profile (kept live) and their appointments with this clinic. */
export function PatientDetails({
  patientId,
  changedJustNow,
}: {
  patientId: string;
  changedJustNow: boolean;
}) {
  const ids = useId();
  const profile = trpc.profiles.byId.useQuery({ id: patientId });
  const appointments = trpc.appointments.list.useQuery({ patientId, limit: 50 });
  const dentists = useDentists();
  const clinic = clinicZone(dentists.data ?? []);
  const zoneOf = (id: string) => dentists.data?.find((d) => d.id === id)?.timeZone ?? clinic;

  if (profile.isPending) return <Loading label="Loading the patient…" />;
  if (profile.isError)
    return <ErrorNote error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  const sorted = [...(appointments.data?.data ?? [])].sort((a, b) =>
    b.startsAt.localeCompare(a.startsAt),
  );

  return (
    <section className="card" aria-labelledby={`${ids}-title`} data-testid="patient-details">
      <div className="section-head">
        <h2 id={`${ids}-title`}>{p.fullName}</h2>
        <span className={`muted small${changedJustNow ? " flash" : ""}`} aria-live="polite">
          {changedJustNow
            ? "Updated just now"
            : `Last updated ${formatDateTime(p.updatedAt, clinic)}`}
        </span>
      </div>
      <dl className={`details${changedJustNow ? " flash" : ""}`} key={p.version}>
        <dt>Email</dt>
        <dd>{p.email}</dd>
        <dt>Phone</dt>
        <dd data-testid="patient-phone">{p.phone ?? "—"}</dd>
        <dt>Date of birth</dt>
        <dd>{p.dateOfBirth ? formatLocalDate(p.dateOfBirth, { withYear: true }) : "—"}</dd>
      </dl>
      <h3 className="subhead">Appointments</h3>
      {appointments.isPending ? (
        <Loading label="Loading appointments…" />
      ) : appointments.isError ? (
        <ErrorNote error={appointments.error} onRetry={() => void appointments.refetch()} />
      ) : sorted.length === 0 ? (
        <Empty>No appointments.</Empty>
      ) : (
        <ul className="list">
          {sorted.map((a) => (
            <li key={a.id} className="list__item">
              <span>
                <strong>{a.typeName}</strong> ·{" "}
                {formatDate(a.startsAt, zoneOf(a.dentistId), { withYear: true })},{" "}
                {formatTimeWithZone(a.startsAt, zoneOf(a.dentistId))}
                <br />
                <span className="muted small">{a.dentistName}</span>
              </span>
              <StatusBadge status={a.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
