import { ApiProvider, Loading } from "@dentalcare/ui";
import { Toasts } from "../components/Toasts.tsx";
import { Auth } from "./Auth.tsx";
import { apiOptions } from "./api.ts";
import { useSession } from "./hooks.ts";
import { Shell } from "./Shell.tsx";

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
      <Toasts />
    </>
  );
}
