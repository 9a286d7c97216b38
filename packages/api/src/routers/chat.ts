import { z } from "zod";
import { AppError } from "../errors.ts";
import { channels } from "../realtime/channels.ts";
import {
  actAsView,
  chatHistoryInput,
  chatHistoryView,
  chatMessageView,
  chatReplyInput,
  conversationIdInput,
  conversationView,
  pendingConversationsView,
  resumableInput,
  sendChatInput,
} from "../schemas/chat.ts";
import {
  actAs,
  CHATBOT_SERVICE,
  conversation,
  heartbeat,
  history,
  pending,
  reply,
  sendMessage,
  status,
} from "../services/chat.ts";
import { patientProcedure, router, serviceProcedure } from "../trpc.ts";
import { live } from "./live.ts";

// The booking assistant's chat. Patients talk; the chatbot worker, signed in as a service,
// listens to the inbox, answers, and acts for a patient only with that patient's own rights.

const assistantProcedure = serviceProcedure.use(({ ctx, next }) => {
  if (ctx.service !== CHATBOT_SERVICE) throw new AppError("FORBIDDEN", "Requires the chatbot");
  return next();
});

export const chatRouter = router({
  /** The patient says something to the assistant; the answer arrives on `onMessage`. */
  send: patientProcedure
    .input(sendChatInput)
    .output(chatMessageView)
    .mutation(({ ctx, input }) => sendMessage(ctx.deps, ctx.user, input)),

  /** The patient's own conversation, newest messages last. */
  history: patientProcedure
    .input(chatHistoryInput)
    .output(chatHistoryView)
    .query(({ ctx, input }) => history(ctx.deps, ctx.user, input)),

  /** Both sides of the patient's own conversation, live; resumes after `lastEventId`. */
  onMessage: patientProcedure
    .input(resumableInput)
    .subscription(({ ctx, input, signal }) =>
      live(ctx, "chat", [channels.chatOfUser(ctx.user.id)], input.lastEventId, signal),
    ),

  /** Whether the assistant is there to answer (a worker has checked in lately). */
  status: patientProcedure
    .input(z.void())
    .output(z.object({ online: z.boolean() }))
    .query(({ ctx }) => status(ctx.deps)),

  /** The worker checks in while it runs, and checks out when it stops. */
  heartbeat: assistantProcedure
    .input(z.object({ online: z.boolean().default(true) }).prefault({}))
    .output(z.object({ online: z.boolean() }))
    .mutation(({ ctx, input }) => heartbeat(ctx.deps, input.online)),

  /** Every patient message (the worker); resumes after `lastEventId`. */
  onInbox: assistantProcedure
    .input(resumableInput)
    .subscription(({ ctx, input, signal }) =>
      live(ctx, "chat", [channels.chatAssistant()], input.lastEventId, signal),
    ),

  /** Conversations with unanswered patient messages, e.g. after the worker was away. */
  pending: assistantProcedure
    .input(z.void())
    .output(pendingConversationsView)
    .query(({ ctx }) => pending(ctx.deps)),

  /** One conversation's dialogue state and its unanswered patient messages. */
  conversation: assistantProcedure
    .input(conversationIdInput)
    .output(conversationView)
    .query(({ ctx, input }) => conversation(ctx.deps, input.conversationId)),

  /** The assistant's answer, stored together with its new dialogue state. */
  reply: assistantProcedure
    .input(chatReplyInput)
    .output(chatMessageView)
    .mutation(({ ctx, input }) => reply(ctx.deps, input)),

  /** A short-lived token for the conversation's patient, while that patient is chatting. */
  actAs: assistantProcedure
    .input(conversationIdInput)
    .output(actAsView)
    .mutation(({ ctx, input }) => actAs(ctx.deps, ctx.service, input.conversationId)),
});
