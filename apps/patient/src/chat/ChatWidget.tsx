import { describeError } from "@dentalcare/client";
import { useEffect, useId, useRef, useState } from "react";
import { useAssistant } from "./assistant.ts";

const GREETING = "Hi! Tell me what you need, e.g. “a checkup with Dr. Lee next Tuesday morning”.";
const OFFLINE = "The booking assistant is offline";

function ChatIcon() {
  return (
    <svg
      aria-hidden="true"
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1.1-4.6A8 8 0 1 1 21 12Z" />
    </svg>
  );
}

/** A chat panel for booking in plain words; opens from a button in the corner. */
export function ChatWidget() {
  const ids = useId();
  const assistant = useAssistant();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const log = useRef<HTMLOListElement>(null);
  const { online, messages } = assistant;
  // The patient spoke last: the assistant is working on an answer.
  const waiting = online && messages[messages.length - 1]?.from === "you";

  useEffect(() => {
    if (open) (online ? input.current : closeButton.current)?.focus();
  }, [open, online]);
  const count = messages.length;
  useEffect(() => {
    if (count > 0) log.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [count]);

  const send = async () => {
    const message = text.trim();
    if (!message || sending || !online) return;
    setSending(true);
    setProblem(null);
    try {
      await assistant.sendMessage(message);
      setText("");
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="chat">
      {open ? (
        <section className="chat__panel" id={`${ids}-panel`} aria-labelledby={`${ids}-title`}>
          <header className="chat__header">
            <h2 id={`${ids}-title`}>Booking assistant</h2>
            <button
              ref={closeButton}
              type="button"
              className="btn btn--icon"
              aria-label="Close the booking assistant"
              onClick={() => setOpen(false)}
            >
              ×
            </button>
          </header>
          {online ? null : (
            <p className="chat__offline" role="status" data-testid="chat-offline">
              <span className="connection__dot" aria-hidden="true" />
              <span>
                {OFFLINE}. You can still book on the <a href="#/book">Book</a> page.
              </span>
            </p>
          )}
          <ol
            className="chat__log"
            ref={log}
            role="log"
            aria-live="polite"
            aria-label="Conversation"
          >
            {online ? <li className="chat__msg chat__msg--assistant">{GREETING}</li> : null}
            {messages.map((m) => (
              <li key={m.id} className={`chat__msg chat__msg--${m.from}`}>
                {m.text}
              </li>
            ))}
            {waiting ? <li className="chat__msg chat__msg--assistant muted">Typing…</li> : null}
            {problem ? <li className="chat__msg chat__msg--system">{problem}</li> : null}
          </ol>
          <form
            className="chat__form"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <label className="sr-only" htmlFor={`${ids}-input`}>
              Message
            </label>
            <input
              id={`${ids}-input`}
              ref={input}
              value={text}
              maxLength={2000}
              placeholder={online ? "Type a message…" : "Unavailable"}
              disabled={!online}
              autoComplete="off"
              onChange={(e) => setText(e.target.value)}
            />
            <button
              type="submit"
              className="btn btn--primary"
              disabled={!online || sending || !text.trim()}
            >
              Send
            </button>
          </form>
        </section>
      ) : null}
      <button
        type="button"
        className="chat__launcher"
        aria-expanded={open}
        aria-controls={open ? `${ids}-panel` : undefined}
        onClick={() => setOpen(!open)}
      >
        <ChatIcon /> {open ? "Close chat" : "Booking assistant"}
      </button>
    </div>
  );
}
