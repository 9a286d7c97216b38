import type { Prisma } from "@dentalcare/db";
import type { AuthUser } from "../auth/tokens.ts";
import type { ApiDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { channels } from "../realtime/channels.ts";
import type {
  ActAsView,
  ChatHistoryView,
  ChatMessageView,
  ChatReplyInput,
  ConversationView,
  PendingConversations,
} from "../schemas/chat.ts";
import { type Emit, type Tx, withChanges } from "../unit-of-work.ts";
import { tokenService } from "./auth.ts";

// Conversations with the booking assistant. A patient's message is stored and announced on
// the patient's own chat channel and on the assistant's inbox; the worker answers through
// `reply`, which stores its message and dialogue state together, so whatever it has answered
// is exactly what a restarted worker will not answer again.

/** The worker says it is there this often; the assistant counts as online for twice as long. */
export const PRESENCE_INTERVAL_MS = 20_000;
const PRESENCE_KEY = "chat.assistant.seenAt";

/** The worker is present (or, with `online: false`, leaving). Kept in the database, so every
 * server instance knows, whichever one the worker is connected to. */
export async function heartbeat(deps: ApiDeps, online: boolean): Promise<{ online: boolean }> {
  const value = { at: online ? deps.clock.now().toISOString() : null };
  await deps.db.systemState.upsert({
    where: { key: PRESENCE_KEY },
    create: { key: PRESENCE_KEY, value },
    update: { value },
    select: { key: true },
  });
  return { online };
}

/** Whether a booking assistant worker is listening; messages wait for it either way. */
export async function status(deps: ApiDeps): Promise<{ online: boolean }> {
  const row = await deps.db.systemState.findUnique({
    where: { key: PRESENCE_KEY },
    select: { value: true },
  });
  const at = (row?.value as { at?: unknown } | null)?.at;
  if (typeof at !== "string") return { online: false };
  const age = deps.clock.now().getTime() - Date.parse(at);
  return { online: age >= -PRESENCE_INTERVAL_MS && age < 2 * PRESENCE_INTERVAL_MS + 5_000 };
}

/** The worker may act for a patient only this soon after the patient last wrote. */
export const ACT_AS_WINDOW_MS = 10 * 60_000;
/** Lifetime of a token the worker gets to act for a patient. */
export const ACT_AS_TTL_SECONDS = 10 * 60;
export const CHATBOT_SERVICE = "chatbot";

const messageSelect = {
  id: true,
  conversationId: true,
  author: true,
  text: true,
  replyToId: true,
  createdAt: true,
  conversation: { select: { patientId: true } },
} as const satisfies Prisma.ChatMessageSelect;
type MessageRow = Prisma.ChatMessageGetPayload<{ select: typeof messageSelect }>;

function toMessageView(row: MessageRow): ChatMessageView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    patientId: row.conversation.patientId,
    author: row.author,
    text: row.text,
    replyToId: row.replyToId,
    createdAt: row.createdAt.toISOString(),
  };
}

function emitMessage(emit: Emit, message: ChatMessageView): void {
  emit({
    type: "chat.message",
    table: "chat_messages",
    recordId: message.id,
    channels:
      message.author === "patient"
        ? [channels.chatOfUser(message.patientId), channels.chatAssistant()]
        : [channels.chatOfUser(message.patientId)],
    payload: { message },
  });
}

export function sendMessage(
  deps: ApiDeps,
  user: AuthUser,
  input: { text: string },
): Promise<ChatMessageView> {
  return withChanges(deps, user.id, async (tx, emit) => {
    const now = deps.clock.now();
    const conversation = await tx.chatConversation.upsert({
      where: { patientId: user.id },
      create: { patientId: user.id },
      update: { updatedAt: now },
      select: { id: true },
    });
    const row = await tx.chatMessage.create({
      data: {
        conversationId: conversation.id,
        author: "patient",
        text: input.text,
        createdAt: now,
      },
      select: messageSelect,
    });
    const message = toMessageView(row);
    emitMessage(emit, message);
    return message;
  });
}

export async function history(
  deps: ApiDeps,
  user: AuthUser,
  input: { limit: number },
): Promise<ChatHistoryView> {
  const conversation = await deps.db.chatConversation.findUnique({
    where: { patientId: user.id },
    select: { id: true },
  });
  if (!conversation) return { conversationId: null, messages: [] };
  const rows = await deps.db.chatMessage.findMany({
    where: { conversationId: conversation.id },
    select: messageSelect,
    orderBy: { seq: "desc" },
    take: input.limit,
  });
  return { conversationId: conversation.id, messages: rows.reverse().map(toMessageView) };
}

async function handledSeq(db: Tx, lastHandledMessageId: string | null): Promise<bigint> {
  if (!lastHandledMessageId) return 0n;
  const row = await db.chatMessage.findUnique({
    where: { id: lastHandledMessageId },
    select: { seq: true },
  });
  return row?.seq ?? 0n;
}

async function loadConversation(db: Tx, conversationId: string) {
  const conversation = await db.chatConversation.findUnique({
    where: { id: conversationId },
    select: { id: true, patientId: true, state: true, lastHandledMessageId: true, updatedAt: true },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found");
  return conversation;
}

function stateObject(value: Prisma.JsonValue): ConversationView["state"] {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as ConversationView["state"])
    : {};
}

/** The worker's view of one conversation: its state and what the patient said since. */
export async function conversation(
  deps: ApiDeps,
  conversationId: string,
): Promise<ConversationView> {
  const c = await loadConversation(deps.db, conversationId);
  const after = await handledSeq(deps.db, c.lastHandledMessageId);
  const rows = await deps.db.chatMessage.findMany({
    where: { conversationId, author: "patient", seq: { gt: after } },
    select: messageSelect,
    orderBy: { seq: "asc" },
    take: 50,
  });
  return {
    id: c.id,
    patientId: c.patientId,
    state: stateObject(c.state),
    lastHandledMessageId: c.lastHandledMessageId,
    unhandled: rows.map(toMessageView),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Conversations with patient messages not yet answered, the longest-waiting first. */
export async function pending(deps: ApiDeps): Promise<PendingConversations> {
  return deps.db.$queryRaw<PendingConversations>`
    SELECT c.id AS "conversationId", c.patient_id AS "patientId", count(m.id)::int AS "unhandled"
    FROM chat_conversations c
    JOIN chat_messages m ON m.conversation_id = c.id AND m.author = 'patient'
    LEFT JOIN chat_messages h ON h.id = c.last_handled_message_id
    WHERE m.seq > COALESCE(h.seq, 0)
    GROUP BY c.id, c.patient_id
    ORDER BY min(m.seq)
    LIMIT 100`;
}

export function reply(deps: ApiDeps, input: ChatReplyInput): Promise<ChatMessageView> {
  return withChanges(deps, null, async (tx, emit) => {
    const c = await loadConversation(tx, input.conversationId);
    let lastHandledMessageId = c.lastHandledMessageId;
    if (input.replyToId) {
      const answered = await tx.chatMessage.findUnique({
        where: { id: input.replyToId },
        select: { conversationId: true, author: true, seq: true },
      });
      if (!answered || answered.conversationId !== c.id || answered.author !== "patient") {
        throw new AppError("VALIDATION_ERROR", "replyToId is not a patient message here", {
          fields: { replyToId: ["must be a patient message of this conversation"] },
        });
      }
      // Answering an older message again never moves the mark backwards.
      if (answered.seq > (await handledSeq(tx, c.lastHandledMessageId))) {
        lastHandledMessageId = input.replyToId;
      }
    }
    const now = deps.clock.now();
    const row = await tx.chatMessage.create({
      data: {
        conversationId: c.id,
        author: "assistant",
        text: input.text,
        replyToId: input.replyToId ?? null,
        createdAt: now,
      },
      select: messageSelect,
    });
    await tx.chatConversation.update({
      where: { id: c.id },
      data: { state: input.state as Prisma.InputJsonObject, lastHandledMessageId, updatedAt: now },
      select: { id: true },
    });
    const message = toMessageView(row);
    emitMessage(emit, message);
    return message;
  });
}

/**
 * A short-lived token with exactly the rights of the conversation's patient, and only while
 * that patient is talking to the assistant (they wrote within the last few minutes).
 */
export async function actAs(
  deps: ApiDeps,
  service: string,
  conversationId: string,
): Promise<ActAsView> {
  const c = await loadConversation(deps.db, conversationId);
  const latest = await deps.db.chatMessage.findFirst({
    where: { conversationId, author: "patient" },
    select: { createdAt: true },
    orderBy: { seq: "desc" },
  });
  const now = deps.clock.now().getTime();
  if (!latest || now - latest.createdAt.getTime() > ACT_AS_WINDOW_MS) {
    throw new AppError("FORBIDDEN", "The patient has not written to the assistant recently");
  }
  const patient = await deps.db.user.findUnique({
    where: { id: c.patientId },
    select: { id: true, role: true },
  });
  if (patient?.role !== "patient") {
    throw new AppError("FORBIDDEN", "The conversation's owner is not a patient");
  }
  const { token, expiresAt } = await tokenService(deps).issue(patient, {
    ttlSeconds: ACT_AS_TTL_SECONDS,
    actor: service,
  });
  return { token, expiresAt, patientId: patient.id };
}
