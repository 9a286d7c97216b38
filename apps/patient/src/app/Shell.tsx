import type { Session } from "@dentalcare/client";
import { ConnectionIndicator } from "@dentalcare/ui";
import { MyAppointmentsPage } from "../appointments/MyAppointmentsPage.tsx";
import { useLiveMyAppointments } from "../appointments/useLiveMyAppointments.ts";
import { BookPage } from "../booking/BookPage.tsx";
import { useDentists } from "../booking/queries.ts";
import { ChatWidget } from "../chat/ChatWidget.tsx";
import { ProfilePage } from "../profile/ProfilePage.tsx";
import { useSessionGuards } from "./api.ts";
import { type Page, usePage } from "./routes.ts";
import { session } from "./stores.ts";

const NAV: { page: Page; label: string }[] = [
  { page: "book", label: "Book" },
  { page: "appointments", label: "My appointments" },
  { page: "profile", label: "Profile" },
];

/** The signed-in app: header with navigation and live status, the page, the chat widget. */
export function Shell({ user }: { user: Session["user"] }) {
  useSessionGuards();
  const page = usePage();
  const dentists = useDentists();
  useLiveMyAppointments(user, (id) => dentists.data?.find((d) => d.id === id)?.timeZone ?? "UTC");

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
          DentalCare
        </span>
        <nav aria-label="Main" className="nav">
          {NAV.map((n) => (
            <a
              key={n.page}
              href={`#/${n.page}`}
              className="nav__link"
              aria-current={page === n.page ? "page" : undefined}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <div className="topbar__end">
          <ConnectionIndicator />
          <span className="topbar__user" data-testid="user-name">
            {user.fullName}
          </span>
          <button type="button" className="btn btn--small" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {page === "book" ? <BookPage /> : null}
        {page === "appointments" ? <MyAppointmentsPage /> : null}
        {page === "profile" ? <ProfilePage /> : null}
      </main>
      <ChatWidget />
    </div>
  );
}
