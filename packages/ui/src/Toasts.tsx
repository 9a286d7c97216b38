import type { ToastStore } from "@dentalcare/client";
import { useStore } from "./hooks.ts";

/** Live notices, announced politely; each closes by itself after a few seconds. */
export function Toasts({ store }: { store: ToastStore }) {
  const list = useStore(store);
  return (
    <section className="toasts" aria-live="polite" aria-label="Notifications">
      {list.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`} data-testid="toast">
          <div>
            <strong>{t.title}</strong>
            {t.body ? <p>{t.body}</p> : null}
          </div>
          <button
            type="button"
            className="toast__close"
            aria-label="Dismiss notification"
            onClick={() => store.dismiss(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
