import type { Session } from "@dentalcare/client";
import { ConnectionIndicator } from "@dentalcare/ui";
import { AvailabilityPage } from "../availability/AvailabilityPage.tsx";
import { CalendarPage } from "../calendar/CalendarPage.tsx";
import { useDentists } from "../calendar/queries.ts";
import { useLiveAppointments } from "../calendar/useLiveAppointments.ts";
import { OpsPage } from "../ops/OpsPage.tsx";
import { PatientsPage } from "../patients/PatientsPage.tsx";
import { useSessionGuards } from "./api.ts";
import { hrefOf, type Route, useRoute } from "./routes.ts";
import { session } from "./stores.ts";

type User = Session["user"];

const NAV: { route: Route; label: string; adminOnly?: boolean }[] = [
  { route: { page: "calendar" }, label: "Calendar" },
  { route: { page: "availability" }, label: "Availability" },
  { route: { page: "patients", patientId: null }, label: "Patients" },
  { route: { page: "ops" }, label: "Operations", adminOnly: true },
];

/** The signed-in dashboard: header with navigation and live status, then the current page. */
export function Shell({ user }: { user: User }) {
  useSessionGuards();
  const route = useRoute();
  const dentists = useDentists();
  const zoneOf = (id: string) => dentists.data?.find((d) => d.id === id)?.timeZone ?? "UTC";
  useLiveAppointments(user, zoneOf);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true">
            ✚
          </span>{" "}
          DentalCare <span className="brand__sub">Clinic</span>
        </span>
        <nav aria-label="Main" className="nav">
          {NAV.filter((n) => !n.adminOnly || user.role === "admin").map((n) => (
            <a
              key={n.route.page}
              href={hrefOf(n.route)}
              className="nav__link"
              aria-current={route.page === n.route.page ? "page" : undefined}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <div className="topbar__end">
          <ConnectionIndicator />
          <span className="topbar__user" title={user.email}>
            {user.fullName}
            <span className="muted small"> · {user.role === "admin" ? "Admin" : "Dentist"}</span>
          </span>
          <button type="button" className="btn btn--small" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {route.page === "calendar" ? <CalendarPage me={user} /> : null}
        {route.page === "availability" ? <AvailabilityPage me={user} /> : null}
        {route.page === "patients" ? <PatientsPage patientId={route.patientId} /> : null}
        {route.page === "ops" && user.role === "admin" ? <OpsPage /> : null}
      </main>
    </div>
  );
}
