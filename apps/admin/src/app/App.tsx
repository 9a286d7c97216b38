import { Loading } from "../components/states.tsx";
import { Toasts } from "../components/Toasts.tsx";
import { ApiProvider } from "./api.tsx";
import { useSession } from "./hooks.ts";
import { Login } from "./Login.tsx";
import { Shell } from "./Shell.tsx";

export function App() {
  const { session, notice } = useSession();
  return (
    <>
      {session ? (
        <ApiProvider key={session.sessionId} fallback={<Loading label="Connecting…" />}>
          <Shell user={session.user} />
        </ApiProvider>
      ) : (
        <Login notice={notice} />
      )}
      <Toasts />
    </>
  );
}
