import { describeError, fieldErrorsOf } from "@dentalcare/client";
import { useId, useState } from "react";
import { publicClient, session } from "./stores.ts";

type Mode = "login" | "register";

function FieldError({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <span id={id} className="field__error">
      {messages.join(", ")}
    </span>
  );
}

/** Sign in, or create a patient account. */
export function Auth({ notice }: { notice: string | null }) {
  const ids = useId();
  const [mode, setMode] = useState<Mode>("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fullName, setFullName] = useState("");
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrorsOf(error);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result =
        mode === "login"
          ? await publicClient.auth.login.mutate({ email, password })
          : await publicClient.auth.register.mutate({
              email,
              password,
              fullName,
              ...(phone.trim() ? { phone: phone.trim() } : {}),
            });
      if (result.user.role !== "patient") {
        setError(new Error("This app is for patients. Clinic staff sign in at /admin/."));
        return;
      }
      session.signIn(result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (name: string) => (fields[name] ? `${ids}-${name}-error` : undefined);

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
        <h1 id={`${ids}-title`}>{mode === "login" ? "Welcome back" : "Create your account"}</h1>
        <p className="muted">
          {mode === "login"
            ? "Sign in to book and manage your dental appointments."
            : "Book appointments with our dentists in a minute."}
        </p>
        {notice ? (
          <p className="notice notice--warning" role="status">
            {notice}
          </p>
        ) : null}
        {mode === "register" ? (
          <label className="field" htmlFor={`${ids}-name`}>
            <span>Full name</span>
            <input
              id={`${ids}-name`}
              autoComplete="name"
              required
              value={fullName}
              aria-invalid={fields.fullName ? true : undefined}
              aria-describedby={describedBy("fullName")}
              onChange={(e) => setFullName(e.target.value)}
            />
            <FieldError id={`${ids}-fullName-error`} messages={fields.fullName} />
          </label>
        ) : null}
        <label className="field" htmlFor={`${ids}-email`}>
          <span>Email</span>
          <input
            id={`${ids}-email`}
            type="email"
            autoComplete="username"
            required
            value={email}
            aria-invalid={fields.email ? true : undefined}
            aria-describedby={describedBy("email")}
            onChange={(e) => setEmail(e.target.value)}
          />
          <FieldError id={`${ids}-email-error`} messages={fields.email} />
        </label>
        <label className="field" htmlFor={`${ids}-password`}>
          <span>Password{mode === "register" ? " (at least 8 characters)" : ""}</span>
          <input
            id={`${ids}-password`}
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
            minLength={mode === "register" ? 8 : undefined}
            value={password}
            aria-invalid={fields.password ? true : undefined}
            aria-describedby={describedBy("password")}
            onChange={(e) => setPassword(e.target.value)}
          />
          <FieldError id={`${ids}-password-error`} messages={fields.password} />
        </label>
        {mode === "register" ? (
          <label className="field" htmlFor={`${ids}-phone`}>
            <span>Phone (optional)</span>
            <input
              id={`${ids}-phone`}
              type="tel"
              autoComplete="tel"
              value={phone}
              aria-invalid={fields.phone ? true : undefined}
              aria-describedby={describedBy("phone")}
              onChange={(e) => setPhone(e.target.value)}
            />
            <FieldError id={`${ids}-phone-error`} messages={fields.phone} />
          </label>
        ) : null}
        {error ? (
          <p className="state state--error" role="alert">
            {describeError(error)}
          </p>
        ) : null}
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? "Please wait…" : mode === "login" ? "Sign in" : "Create account"}
        </button>
        <p className="muted small center">
          {mode === "login" ? "New here? " : "Already have an account? "}
          <button
            type="button"
            className="btn btn--link"
            onClick={() => {
              setMode(mode === "login" ? "register" : "login");
              setError(null);
            }}
          >
            {mode === "login" ? "Create an account" : "Sign in"}
          </button>
        </p>
        {mode === "login" ? (
          <p className="muted small center">
            Demo: <code>patient01@demo.clinic</code> / <code>demo1234</code>
          </p>
        ) : null}
      </form>
    </main>
  );
}
