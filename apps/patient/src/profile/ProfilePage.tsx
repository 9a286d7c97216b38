import type { RouterOutputs } from "@dentalcare/api";
import { fieldErrorsOf, isChangeEvent } from "@dentalcare/client";
import { ErrorNote, Loading } from "@dentalcare/ui";
import { useEffect, useId, useState } from "react";
import { onApiError } from "../app/api.ts";
import { session } from "../app/stores.ts";
import { trpc } from "../trpc.ts";

type Profile = RouterOutputs["profiles"]["me"];

interface Draft {
  fullName: string;
  phone: string;
  dateOfBirth: string;
}

const draftOf = (p: Profile): Draft => ({
  fullName: p.fullName,
  phone: p.phone ?? "",
  dateOfBirth: p.dateOfBirth ?? "",
});

/** Your details; edits made elsewhere (another tab, the clinic) arrive live. */
export function ProfilePage() {
  const ids = useId();
  const utils = trpc.useUtils();
  const me = trpc.profiles.me.useQuery();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [base, setBase] = useState<Profile | null>(null);
  const [saved, setSaved] = useState(false);
  const [changedElsewhere, setChangedElsewhere] = useState(false);

  trpc.live.onProfiles.useSubscription(
    {},
    {
      onData: ({ data: event }) => {
        if (!isChangeEvent(event)) {
          void utils.profiles.me.invalidate();
          return;
        }
        if (event.type !== "profile.updated") return;
        const current = utils.profiles.me.getData();
        if (!current || event.payload.profile.version > current.version) {
          utils.profiles.me.setData(undefined, event.payload.profile);
          session.userChanged(event.payload.profile);
        }
      },
      onError: onApiError,
    },
  );

  const update = trpc.profiles.updateMe.useMutation({
    onSuccess: (profile) => {
      utils.profiles.me.setData(undefined, profile);
      session.userChanged(profile);
      setBase(profile);
      setDraft(draftOf(profile));
      setSaved(true);
      setChangedElsewhere(false);
    },
    onError: () => void utils.profiles.me.invalidate(),
  });

  // Follow the server's copy unless the patient is in the middle of an edit.
  const dirty =
    draft !== null && base !== null && JSON.stringify(draft) !== JSON.stringify(draftOf(base));
  useEffect(() => {
    if (!me.data) return;
    if (base && me.data.version === base.version) return;
    if (dirty) {
      setChangedElsewhere(true);
      return;
    }
    setBase(me.data);
    setDraft(draftOf(me.data));
  }, [me.data, base, dirty]);

  if (me.isPending) return <Loading label="Loading your profile…" />;
  if (me.isError) return <ErrorNote error={me.error} onRetry={() => void me.refetch()} />;
  if (!draft || !base) return <Loading />;

  const fields = fieldErrorsOf(update.error);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => {
    setSaved(false);
    setDraft({ ...draft, [key]: e.target.value });
  };

  return (
    <div className="page page--narrow">
      <div className="page__header">
        <h1>Profile</h1>
      </div>
      <form
        className="card form"
        aria-labelledby={`${ids}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({
            fullName: draft.fullName,
            phone: draft.phone.trim() ? draft.phone.trim() : null,
            dateOfBirth: draft.dateOfBirth ? draft.dateOfBirth : null,
            expectedVersion: base.version,
          });
        }}
      >
        <h2 id={`${ids}-title`} className="sr-only">
          Your details
        </h2>
        {changedElsewhere ? (
          <div className="notice notice--warning" role="status">
            Your profile was changed somewhere else.{" "}
            <button
              type="button"
              className="btn btn--link"
              onClick={() => {
                setBase(me.data);
                setDraft(draftOf(me.data));
                setChangedElsewhere(false);
              }}
            >
              Load the latest version
            </button>
          </div>
        ) : null}
        <label className="field" htmlFor={`${ids}-email`}>
          <span>Email</span>
          <input id={`${ids}-email`} value={base.email} readOnly aria-readonly="true" />
        </label>
        <label className="field" htmlFor={`${ids}-name`}>
          <span>Full name</span>
          <input
            id={`${ids}-name`}
            required
            autoComplete="name"
            value={draft.fullName}
            aria-invalid={fields.fullName ? true : undefined}
            onChange={set("fullName")}
          />
        </label>
        <div className="form__row">
          <label className="field" htmlFor={`${ids}-phone`}>
            <span>Phone</span>
            <input
              id={`${ids}-phone`}
              type="tel"
              autoComplete="tel"
              value={draft.phone}
              aria-invalid={fields.phone ? true : undefined}
              onChange={set("phone")}
            />
          </label>
          <label className="field" htmlFor={`${ids}-dob`}>
            <span>Date of birth</span>
            <input
              id={`${ids}-dob`}
              type="date"
              autoComplete="bday"
              value={draft.dateOfBirth}
              aria-invalid={fields.dateOfBirth ? true : undefined}
              onChange={set("dateOfBirth")}
            />
          </label>
        </div>
        <ErrorNote error={update.error} />
        {saved ? (
          <p className="notice notice--success" role="status">
            Saved. The clinic sees your new details now.
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="btn btn--primary" disabled={update.isPending || !dirty}>
            {update.isPending ? "Saving…" : "Save changes"}
          </button>
        </div>
      </form>
    </div>
  );
}
