import { ApiProvider, Loading, Toasts } from "@dentalcare/ui";
import { apiOptions } from "./api.ts";
import { useSession } from "./hooks.ts";
import { Login } from "./Login.tsx";
import { Shell } from "./Shell.tsx";
import { toasts } from "./stores.ts";

export function App() {
  const { session, notice } = useSession();
  return (
    <>
      {session ? (
        <ApiProvider
          options={apiOptions}
          key={session.sessionId}
          fallback={<Loading label="Connecting…" />}
        >
          <Shell user={session.user} />
        </ApiProvider>
      ) : (
        <Login notice={notice} />
      )}
      <Toasts store={toasts} />
    </>
  );
}
