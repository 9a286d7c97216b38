import { ApiProvider, Loading, Toasts } from "@dentalcare/ui";
import { Auth } from "./Auth.tsx";
import { apiOptions } from "./api.ts";
import { useSession } from "./hooks.ts";
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
        <Auth notice={notice} />
      )}
      <Toasts store={toasts} />
    </>
  );
}
