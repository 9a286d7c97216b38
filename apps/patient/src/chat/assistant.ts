// The one place the chat widget talks to the booking assistant.
//
// The assistant is a worker that reads the patient's messages from the server and answers on
// the patient's own chat channel; the server keeps the conversation. `useAssistant` shows it
// live: the history from `chat.history`, everything new (answers, and notices such as "that
// time has just been taken") from `chat.onMessage`, sending with `chat.send`, and whether a
// worker is there to answer from `chat.status`.

import { useCallback, useMemo, useState } from "react";
import { onApiError } from "../app/api.ts";
import { trpc } from "../trpc.ts";

export interface AssistantMessage {
  id: string;
  from: "you" | "assistant";
  text: string;
}

export interface Assistant {
  online: boolean;
  messages: AssistantMessage[];
  sendMessage(text: string): Promise<void>;
}

const STATUS_EVERY_MS = 30_000;

function toMessage(m: {
  id: string;
  author: "patient" | "assistant";
  text: string;
}): AssistantMessage {
  return { id: m.id, from: m.author === "patient" ? "you" : "assistant", text: m.text };
}

/** The conversation with the assistant, live, and a way to add to it. */
export function useAssistant(): Assistant {
  const status = trpc.chat.status.useQuery(undefined, {
    refetchInterval: STATUS_EVERY_MS,
    retry: false,
  });
  const history = trpc.chat.history.useQuery({ limit: 50 }, { retry: false });
  const send = trpc.chat.send.useMutation();
  const [live, setLive] = useState<AssistantMessage[]>([]);

  const add = useCallback((message: AssistantMessage) => {
    setLive((list) => (list.some((m) => m.id === message.id) ? list : [...list, message]));
  }, []);

  trpc.chat.onMessage.useSubscription(
    {},
    {
      onData: ({ data: event }) => {
        if (event.type === "chat.message") add(toMessage(event.payload.message));
      },
      onError: onApiError,
    },
  );

  const messages = useMemo(() => {
    const earlier = (history.data?.messages ?? []).map(toMessage);
    const seen = new Set(earlier.map((m) => m.id));
    return [...earlier, ...live.filter((m) => !seen.has(m.id))];
  }, [history.data, live]);

  const sendMessage = useCallback(
    async (text: string) => {
      add(toMessage(await send.mutateAsync({ text })));
    },
    [add, send],
  );

  return { online: status.data?.online === true, messages, sendMessage };
}
