import { describeError } from "@dentalcare/client";
import { useId, useState } from "react";
import { publicClient, session } from "./stores.ts";

/** Sign-in for dentists and clinic admins. */
export function Login({ notice }: { notice: string | null }) {
  const ids = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await publicClient.auth.login.mutate({ email, password });
      if (result.user.role === "patient") {
        setError("This dashboard is for clinic staff. Patients book in the patient app.");
        return;
      }
      session.signIn(result);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form
        className="card login__card"
        aria-labelledby={`${ids}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            ✚
          </span>{" "}
          DentalCare
        </p>
        <h1 id={`${ids}-title`}>Clinic dashboard</h1>
        <p className="muted">Sign in as a dentist or clinic administrator.</p>
        {notice ? (
          <p className="notice notice--warning" role="status">
            {notice}
          </p>
        ) : null}
        <label className="field" htmlFor={`${ids}-email`}>
          <span>Email</span>
          <input
            id={`${ids}-email`}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${ids}-password`}>
          <span>Password</span>
          <input
            id={`${ids}-password`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <p className="state state--error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted small">
          Demo: <code>admin@demo.clinic</code> or <code>dr.lee@demo.clinic</code>, password{" "}
          <code>demo1234</code>.
        </p>
      </form>
    </main>
  );
}
