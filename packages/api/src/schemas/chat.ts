import { z } from "zod";
import { id, isoInstant } from "./common.ts";

// The booking assistant's chat: patients send and read their own conversation; the chatbot
// worker (a service principal) reads the inbox, replies and acts for the patient.

export const chatAuthor = z.enum(["patient", "assistant"]);
export type ChatAuthor = z.infer<typeof chatAuthor>;

export const MAX_CHAT_TEXT = 2000;
/** The dialogue state is the worker's business; the server only keeps it, within a size limit. */
export const MAX_CHAT_STATE_BYTES = 32_768;

const chatText = z.string().trim().min(1, "is required").max(MAX_CHAT_TEXT);

export const chatMessageView = z.object({
  id,
  conversationId: id,
  patientId: id,
  author: chatAuthor,
  text: z.string(),
  /** For an assistant message: the patient message it answers (null when it speaks first). */
  replyToId: id.nullable(),
  createdAt: isoInstant,
});
export type ChatMessageView = z.infer<typeof chatMessageView>;

export const sendChatInput = z.object({ text: chatText });

export const chatHistoryInput = z
  .object({ limit: z.int().min(1).max(200).default(50) })
  .prefault({});

export const chatHistoryView = z.object({
  conversationId: id.nullable(),
  /** Oldest first; the newest `limit` messages. */
  messages: z.array(chatMessageView),
});
export type ChatHistoryView = z.infer<typeof chatHistoryView>;

export const resumableInput = z.object({ lastEventId: z.string().max(20).nullish() });

export const conversationIdInput = z.object({ conversationId: id });

const dialogueState = z
  .record(z.string(), z.json())
  .refine((state) => JSON.stringify(state).length <= MAX_CHAT_STATE_BYTES, {
    message: `must be at most ${MAX_CHAT_STATE_BYTES} bytes as JSON`,
  });

export const chatReplyInput = z.object({
  conversationId: id,
  /** The patient message answered; it and every earlier one count as handled. */
  replyToId: id.optional(),
  text: chatText,
  state: dialogueState,
});
export type ChatReplyInput = z.infer<typeof chatReplyInput>;

export const conversationView = z.object({
  id,
  patientId: id,
  state: z.record(z.string(), z.json()),
  lastHandledMessageId: id.nullable(),
  /** Patient messages after the last handled one, oldest first. */
  unhandled: z.array(chatMessageView),
  updatedAt: isoInstant,
});
export type ConversationView = z.infer<typeof conversationView>;

export const pendingConversationsView = z.array(
  z.object({ conversationId: id, patientId: id, unhandled: z.int() }),
);
export type PendingConversations = z.infer<typeof pendingConversationsView>;

export const actAsView = z.object({
  token: z.string(),
  expiresAt: isoInstant,
  patientId: id,
});
export type ActAsView = z.infer<typeof actAsView>;
