// The one place the chat widget talks to the booking assistant.
//
// The assistant is a worker that reads the patient's messages from the server and answers on
// the patient's own chat channel; the server keeps the conversation. `useAssistant` shows it
// live: the history from `chat.history`, everything new (answers, and notices such as "that
// time has just been taken") from `chat.onMessage`, sending with `chat.send`, and whether a
// worker is there to answer from `chat.status`. `sendMessage` is the same as one request that
// waits for its answer.

import type { AppRouter } from "@dentalcare/api";
import type { TRPCClient } from "@trpc/client";
import { useCallback, useMemo, useState } from "react";
import { onApiError } from "../app/api.tsx";
import { trpc } from "../trpc.ts";

export const ASSISTANT_ONLINE = true;

/** The worker answers in well under a second; this only catches a worker that is down. */
const REPLY_TIMEOUT_MS = 30_000;

export interface AssistantReply {
  text: string;
  /** Keeps one conversation going across messages. */
  conversationId: string | null;
}

interface ChatMessage {
  id: string;
  conversationId: string;
  author: "patient" | "assistant";
  text: string;
  replyToId: string | null;
}

export function sendMessage(
  client: TRPCClient<AppRouter>,
  text: string,
  _conversationId: string | null,
): Promise<AssistantReply> {
  return new Promise<AssistantReply>((resolve, reject) => {
    let sentId: string | null = null;
    let done = false;
    // The answer may overtake the response to `send`, so answers are kept until it is known.
    const answers = new Map<string, ChatMessage>();
    const finish = (result: { reply: AssistantReply } | { error: unknown }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.unsubscribe();
      if ("reply" in result) resolve(result.reply);
      else reject(result.error);
    };
    const check = () => {
      const answer = sentId ? answers.get(sentId) : undefined;
      if (answer) finish({ reply: { text: answer.text, conversationId: answer.conversationId } });
    };
    const timer = setTimeout(
      () => finish({ error: new Error("The booking assistant did not answer; please try again") }),
      REPLY_TIMEOUT_MS,
    );
    const subscription = client.chat.onMessage.subscribe(
      {},
      {
        onStarted: () => {
          client.chat.send
            .mutate({ text })
            .then((sent) => {
              sentId = sent.id;
              check();
            })
            .catch((error: unknown) => finish({ error }));
        },
        onData: (item) => {
          if (item.data.type !== "chat.message") return;
          const message: ChatMessage = item.data.payload.message;
          if (message.author !== "assistant" || !message.replyToId) return;
          answers.set(message.replyToId, message);
          check();
        },
        onError: (error) => finish({ error }),
      },
    );
  });
}

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
