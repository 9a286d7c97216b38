import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextFactory } from "../context.ts";
import { channels } from "../realtime/channels.ts";
import { createCaller } from "../root.ts";
import { createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { clinic, eventCursor, eventsAfter, expectError } from "./booking.testkit.ts";

const NOW = "2030-01-07T08:00:00Z";
let api: TestApi;
let c: Awaited<ReturnType<typeof clinic>>;

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  c = await clinic(api);
});
afterAll(() => api.close());

/** A caller that presents a bearer token the way a real client does. */
async function callerWithToken(token: string | undefined, signal?: AbortSignal) {
  const createContext = createContextFactory(api.deps, api.tokens);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return createCaller(await createContext({ req: { headers } }), signal ? { signal } : {});
}

async function asService(signal?: AbortSignal) {
  return callerWithToken((await api.tokens.issueService("chatbot")).token, signal);
}

/** The first item a subscription yields within `ms`, or null. */
async function firstItem(iterable: AsyncIterable<unknown>, abort: AbortController, ms = 1_000) {
  const iterator = iterable[Symbol.asyncIterator]();
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    const next = await iterator.next();
    if (next.done) return null;
    const value: unknown = next.value;
    return (Array.isArray(value) ? value[1] : value) as { type: string; payload: unknown };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

describe("patients talk to the assistant", () => {
  it("stores a message, announces it to the patient and the assistant, and keeps history", async () => {
    const before = await eventCursor(api);
    const sent = await api.caller(c.patient).chat.send({ text: "  book a cleaning tomorrow  " });
    expect(sent).toMatchObject({
      patientId: c.patient.id,
      author: "patient",
      text: "book a cleaning tomorrow",
      replyToId: null,
      createdAt: "2030-01-07T08:00:00.000Z",
    });
    const events = await eventsAfter(api, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "chat.message",
      table: "chat_messages",
      recordId: sent.id,
      actorId: c.patient.id,
      channels: [channels.chatOfUser(c.patient.id), channels.chatAssistant()],
    });

    const again = await api.caller(c.patient).chat.send({ text: "thanks" });
    expect(again.conversationId).toBe(sent.conversationId);
    const history = await api.caller(c.patient).chat.history();
    expect(history.conversationId).toBe(sent.conversationId);
    expect(history.messages.map((m) => m.text)).toEqual(["book a cleaning tomorrow", "thanks"]);
    expect((await api.caller(c.patient).chat.history({ limit: 1 })).messages).toHaveLength(1);
    // Nobody else's history shows it.
    expect(await api.caller(c.otherPatient).chat.history()).toEqual({
      conversationId: null,
      messages: [],
    });
  });

  it("refuses empty or oversized text, staff and anonymous callers", async () => {
    await expectError(api.caller(c.patient).chat.send({ text: "   " }), "VALIDATION_ERROR");
    await expectError(
      api.caller(c.patient).chat.send({ text: "x".repeat(2001) }),
      "VALIDATION_ERROR",
    );
    await expectError(api.caller(c.admin).chat.send({ text: "hi" }), "FORBIDDEN");
    await expectError(api.caller(c.dentist).chat.history(), "FORBIDDEN");
    await expectError(api.caller(null).chat.send({ text: "hi" }), "UNAUTHORIZED");
  });

  it("streams the patient's own conversation only", async () => {
    const cursor = (await eventCursor(api)).toString();
    const mine = new AbortController();
    const own = (await api.caller(c.otherPatient).chat.send({ text: "hello" })).id;
    const stream = await createCaller(await callerContextFor(c.otherPatient), {
      signal: mine.signal,
    }).chat.onMessage({ lastEventId: cursor });
    const first = await firstItem(stream, mine);
    expect(first?.type).toBe("chat.message");
    expect((first?.payload as { message?: { id: string } } | undefined)?.message?.id).toBe(own);

    const theirs = new AbortController();
    const other = await createCaller(await callerContextFor(c.patient), {
      signal: theirs.signal,
    }).chat.onMessage({ lastEventId: cursor });
    expect(await firstItem(other, theirs, 300)).toBeNull();
  });
});

async function callerContextFor(user: { id: string; role: "patient" | "dentist" | "admin" }) {
  const { token } = await api.tokens.issue(user);
  const createContext = createContextFactory(api.deps, api.tokens);
  return createContext({ req: { headers: { authorization: `Bearer ${token}` } } });
}

describe("the chatbot service principal", () => {
  it("is its own kind of token: not a user, and users are not the service", async () => {
    const service = await asService();
    await expectError(service.auth.me(), "UNAUTHORIZED", "Authentication required");
    await expectError(service.chat.send({ text: "hi" }), "UNAUTHORIZED");
    await expectError(api.caller(c.admin).chat.pending(), "FORBIDDEN");
    await expectError(
      api.caller(c.patient).chat.actAs({ conversationId: c.patient.id }),
      "FORBIDDEN",
    );
    await expectError(api.caller(null).chat.pending(), "UNAUTHORIZED");
    // A forged service token (another secret) is just an invalid token.
    const forged = await callerWithToken(
      (await api.tokens.issueService("chatbot")).token.replace(/.$/, "A"),
    );
    await expectError(forged.chat.pending(), "UNAUTHORIZED", "Invalid token");
    await expect(api.tokens.issueService("mailer")).rejects.toThrow(RangeError);
  });

  it("answers what is pending, stores its state, and is not asked twice", async () => {
    const patient = await createUser(api, "patient");
    const first = await api.caller(patient).chat.send({ text: "hi" });
    const second = await api.caller(patient).chat.send({ text: "book a checkup" });
    const service = await asService();

    const pending = await service.chat.pending();
    expect(pending).toContainEqual({
      conversationId: first.conversationId,
      patientId: patient.id,
      unhandled: 2,
    });
    const conv = await service.chat.conversation({ conversationId: first.conversationId });
    expect(conv.state).toEqual({});
    expect(conv.unhandled.map((m) => m.id)).toEqual([first.id, second.id]);

    const before = await eventCursor(api);
    const answer = await service.chat.reply({
      conversationId: first.conversationId,
      replyToId: first.id,
      text: "Hello!",
      state: { mode: "idle" },
    });
    expect(answer).toMatchObject({
      author: "assistant",
      replyToId: first.id,
      patientId: patient.id,
    });
    const [event] = await eventsAfter(api, before);
    // Only the patient hears the answer; the assistant's inbox does not echo it.
    expect(event?.channels).toEqual([channels.chatOfUser(patient.id)]);
    expect(event?.actorId).toBeNull();

    const after = await service.chat.conversation({ conversationId: first.conversationId });
    expect(after.state).toEqual({ mode: "idle" });
    expect(after.unhandled.map((m) => m.id)).toEqual([second.id]);

    await service.chat.reply({
      conversationId: first.conversationId,
      replyToId: second.id,
      text: "Which day?",
      state: { mode: "asking" },
    });
    // Answering the older one again does not move the mark back.
    await service.chat.reply({
      conversationId: first.conversationId,
      replyToId: first.id,
      text: "(late)",
      state: { mode: "asking" },
    });
    expect(
      (await service.chat.conversation({ conversationId: first.conversationId })).unhandled,
    ).toEqual([]);
    expect((await service.chat.pending()).map((p) => p.conversationId)).not.toContain(
      first.conversationId,
    );
    const texts = (await api.caller(patient).chat.history()).messages.map((m) => m.text);
    expect(texts).toEqual(["hi", "book a checkup", "Hello!", "Which day?", "(late)"]);

    const foreign = await api.caller(c.patient).chat.send({ text: "mine" });
    await expectError(
      service.chat.reply({
        conversationId: first.conversationId,
        replyToId: foreign.id,
        text: "x",
        state: {},
      }),
      "VALIDATION_ERROR",
    );
    await expectError(
      service.chat.reply({
        conversationId: first.conversationId,
        text: "x",
        state: { big: "y".repeat(40_000) },
      }),
      "VALIDATION_ERROR",
    );
  });

  it("acts for a patient with that patient's rights, only while the patient is chatting", async () => {
    const patient = await createUser(api, "patient");
    const { conversationId } = await api.caller(patient).chat.send({ text: "cancel my next" });
    const service = await asService();
    const grant = await service.chat.actAs({ conversationId });
    expect(grant.patientId).toBe(patient.id);
    expect(Date.parse(grant.expiresAt) - Date.parse(NOW)).toBeLessThanOrEqual(10 * 60_000);
    const verified = await api.tokens.verify(grant.token);
    expect(verified).toMatchObject({ ok: true, user: { id: patient.id, role: "patient" } });

    const asPatient = await callerWithToken(grant.token);
    expect((await asPatient.auth.me()).id).toBe(patient.id);
    // No more than the patient may do.
    await expectError(asPatient.appointments.list({ patientId: c.patient.id }), "FORBIDDEN");
    await expectError(asPatient.chat.pending(), "FORBIDDEN");
    // The lent token cannot be stretched into a long session.
    expect(verified).toMatchObject({ user: { actor: "chatbot" } });
    await expectError(asPatient.auth.refresh(), "FORBIDDEN", /behalf/);

    api.clock.advance(11 * 60_000);
    try {
      await expectError(service.chat.actAs({ conversationId }), "FORBIDDEN", /recently/);
    } finally {
      api.clock.set(NOW);
    }
    await expectError(
      service.chat.actAs({ conversationId: "00000000-0000-4000-8000-000000000000" }),
      "NOT_FOUND",
    );
  });

  it("checks in, so patients can see whether the assistant is there", async () => {
    expect(await api.caller(c.patient).chat.status()).toEqual({ online: false });
    const service = await asService();
    await service.chat.heartbeat();
    expect(await api.caller(c.patient).chat.status()).toEqual({ online: true });
    api.clock.advance(60_000);
    try {
      expect(await api.caller(c.patient).chat.status()).toEqual({ online: false });
      await service.chat.heartbeat();
      expect(await api.caller(c.patient).chat.status()).toEqual({ online: true });
      await service.chat.heartbeat({ online: false });
      expect(await api.caller(c.patient).chat.status()).toEqual({ online: false });
    } finally {
      api.clock.set(NOW);
    }
    await expectError(api.caller(c.patient).chat.heartbeat(), "FORBIDDEN");
  });

  it("may follow the global availability and slot feeds and the inbox", async () => {
    const cursor = (await eventCursor(api)).toString();
    const inboxAbort = new AbortController();
    const inbox = await (await asService(inboxAbort.signal)).chat.onInbox({ lastEventId: cursor });
    const sent = await api.caller(c.patient).chat.send({ text: "anyone there?" });
    const item = await firstItem(inbox, inboxAbort);
    expect((item?.payload as { message?: { id: string } } | undefined)?.message?.id).toBe(sent.id);

    const slotsAbort = new AbortController();
    const slots = await (await asService(slotsAbort.signal)).live.onSlots({ lastEventId: cursor });
    await api.caller(c.patient).reservations.hold({
      dentistId: c.dentist.id,
      startsAt: "2030-01-08T10:00:00.000Z",
      typeId: c.types.checkup,
    });
    expect((await firstItem(slots, slotsAbort))?.type).toBe("slots.changed");

    const availabilityAbort = new AbortController();
    const service = await asService(availabilityAbort.signal);
    const feed = await service.live.onAvailability({});
    // It stays a read-only observer of appointments and profiles.
    await expectError(service.live.onAppointments({}), "UNAUTHORIZED");
    availabilityAbort.abort();
    await feed[Symbol.asyncIterator]().return?.(undefined);
  });
});
