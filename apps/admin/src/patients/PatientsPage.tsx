import { Empty, ErrorNote, Loading } from "@dentalcare/ui";
import { useId, useState } from "react";
import { useDebounced } from "../app/hooks.ts";
import { hrefOf } from "../app/routes.ts";
import { trpc } from "../trpc.ts";
import { PatientDetails } from "./PatientDetails.tsx";
import { useLiveProfiles } from "./useLiveProfiles.ts";

const PAGE = 20;

/** Patients with search and paging; the chosen one's details beside the list. */
export function PatientsPage({ patientId }: { patientId: string | null }) {
  const ids = useId();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const query = useDebounced(search.trim(), 250);
  const recent = useLiveProfiles();
  const list = trpc.profiles.list.useQuery(
    { limit: PAGE, offset, ...(query ? { search: query } : {}) },
    { placeholderData: (previous) => previous },
  );

  return (
    <div className="page">
      <div className="page__header">
        <h1>Patients</h1>
      </div>
      <div className="split">
        <section aria-labelledby={`${ids}-list`}>
          <h2 id={`${ids}-list`} className="sr-only">
            Patient list
          </h2>
          <label className="field" htmlFor={`${ids}-search`}>
            <span>Search by name, email or phone</span>
            <input
              id={`${ids}-search`}
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setOffset(0);
              }}
            />
          </label>
          {list.isPending ? (
            <Loading label="Loading patients…" />
          ) : list.isError ? (
            <ErrorNote error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.data.length === 0 ? (
            <Empty>{query ? `No patient matches “${query}”.` : "No patients yet."}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" data-testid="patients">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Email</th>
                      <th scope="col">Phone</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.data.map((p) => (
                      <tr
                        key={`${p.id}:${p.version}`}
                        aria-selected={p.id === patientId}
                        className={recent.has(p.id) ? "flash" : undefined}
                      >
                        <td>
                          <a href={hrefOf({ page: "patients", patientId: p.id })}>{p.fullName}</a>
                        </td>
                        <td>{p.email}</td>
                        <td>{p.phone ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  ‹ Previous
                </button>
                <span className="muted small" aria-live="polite">
                  {offset + 1}–{offset + list.data.data.length} of {list.data.pagination.total}
                </span>
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={!list.data.pagination.hasMore}
                  onClick={() => setOffset(offset + PAGE)}
                >
                  Next ›
                </button>
              </div>
            </>
          )}
        </section>
        {patientId ? (
          <PatientDetails
            key={patientId}
            patientId={patientId}
            changedJustNow={recent.has(patientId)}
          />
        ) : (
          <Empty>Choose a patient to see their details and appointments.</Empty>
        )}
      </div>
    </div>
  );
}
