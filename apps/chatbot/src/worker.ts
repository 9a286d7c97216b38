import { errorBodyOf } from "@dentalcare/client";
import { TRPCClientError } from "@trpc/client";
import type { Logger } from "pino";
import type { Assistant, Outcome, SavedState, SlotTaken } from "./assistant.ts";
import { type Api, patientClient, type ServiceClient, serviceClient } from "./clients.ts";
import type { Offer } from "./dialogue/types.ts";
import type { ServiceAuth } from "./env.ts";
import { ServiceToken } from "./service-token.ts";
import type { SlotCache } from "./slot-cache.ts";

// The chatbot worker: listens to the assistant's inbox, answers each patient message in
// order, one conversation at a time, and saves the dialogue state with every answer. What it
// has answered is recorded by the server together with the answer, so a restarted worker
// picks up exactly the messages still waiting (`chat.pending`) and nothing twice.

export interface WorkerOptions {
  serverUrl: string;
  auth: ServiceAuth;
  log: Logger;
  assistant: Assistant;
  cache: SlotCache;
  clock?: { now(): Date };
}

interface Item {
  id?: string;
  data: { type: string; payload?: unknown };
}
interface Grant {
  api: Api;
  expiresAt: number;
}
type Subscription = { unsubscribe(): void };

const STALE =
  "Sorry for the wait — I couldn't get to your message in time. Could you tell me again what you'd like?";
const BROKEN = "Sorry, something went wrong on my side. Please try again.";
/** How often the worker tells the server it is there (the server allows for two misses). */
const PRESENCE_EVERY_MS = 20_000;
/** A grant is renewed this long before it runs out. */
const GRANT_MARGIN_MS = 60_000;

export class ChatWorker {
  readonly #options: WorkerOptions;
  readonly #token: ServiceToken;
  #service: ServiceClient | undefined;
  readonly #subscriptions: Subscription[] = [];
  readonly #queues = new Map<string, Promise<void>>();
  readonly #grants = new Map<string, Grant>();
  /** What each conversation currently has on offer, to notice those slots being taken. */
  readonly #offered = new Map<string, Offer[]>();
  #stopped = false;
  #presence: NodeJS.Timeout | undefined;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.#token = new ServiceToken(options.auth, () => this.#now());
  }

  #now(): Date {
    return this.#options.clock?.now() ?? new Date();
  }

  get #log(): Logger {
    return this.#options.log;
  }

  async start(): Promise<void> {
    await this.#token.start();
    const service = serviceClient(this.#options.serverUrl, this.#token.get);
    this.#service = service;
    const cache = this.#options.cache;
    service.connection.subscribe((s) => {
      if (s.status !== "live") cache.setLive(false);
    });
    const feed = (name: string, onData: (item: Item) => void, onStarted: () => void) => ({
      onStarted,
      onData,
      onError: (error: unknown) => this.#log.error({ err: error, feed: name }, "live feed failed"),
    });
    this.#subscriptions.push(
      service.client.chat.onInbox.subscribe(
        {},
        feed(
          "inbox",
          (item) => this.#onInbox(item),
          () => {
            this.#checkIn(true);
            this.#sweep();
          },
        ),
      ),
      service.client.live.onSlots.subscribe(
        {},
        feed(
          "slots",
          (item) => this.#onSlots(item),
          () => cache.setLive(true),
        ),
      ),
      service.client.live.onAvailability.subscribe(
        {},
        feed(
          "availability",
          (item) => {
            const schedule = (
              item.data.payload as { schedule?: { dentistId?: string } } | undefined
            )?.schedule;
            if (item.data.type === "sync.reset") cache.clear();
            else if (schedule?.dentistId) cache.availabilityChanged(schedule.dentistId);
          },
          () => undefined,
        ),
      ),
    );
  }

  /** Stops listening and waits for the turns in progress to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#presence);
    for (const s of this.#subscriptions.splice(0)) s.unsubscribe();
    await this.idle();
    await this.#checkIn(false);
    this.#service?.close();
    this.#token.stop();
    this.#options.cache.setLive(false);
  }

  /** Resolves once every queued turn has been answered. */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.allSettled([...this.#queues.values()]);
  }

  /** Tells the server the assistant is there (patients' chat shows it online) or leaving. */
  #checkIn(online: boolean): Promise<void> {
    if (online && !this.#presence) {
      this.#presence = setInterval(() => void this.#checkIn(true), PRESENCE_EVERY_MS);
      this.#presence.unref();
    }
    return this.#api()
      .chat.heartbeat.mutate({ online })
      .then(() => undefined)
      .catch((error: unknown) => this.#log.warn({ err: error }, "could not check in"));
  }

  #api(): ServiceClient["client"] {
    if (!this.#service) throw new Error("the worker has not been started");
    return this.#service.client;
  }

  /** One conversation at a time, in order; different conversations in parallel. */
  #enqueue(conversationId: string, job: () => Promise<void>): void {
    if (this.#stopped) return;
    const previous = this.#queues.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(job)
      .catch((error: unknown) =>
        this.#log.error({ err: error, conversationId }, "chat turn failed"),
      )
      .finally(() => {
        if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId);
      });
    this.#queues.set(conversationId, next);
  }

  #onInbox(item: Item): void {
    if (item.data.type === "sync.reset") {
      this.#sweep();
      return;
    }
    const message = (item.data.payload as { message?: { conversationId: string; author: string } })
      ?.message;
    if (item.data.type !== "chat.message" || message?.author !== "patient") return;
    this.#enqueue(message.conversationId, () => this.#answer(message.conversationId));
  }

  /** Everything still unanswered: at start, after a reconnect, after a gap in the inbox. */
  #sweep(): void {
    this.#api()
      .chat.pending.query()
      .then((list) => {
        for (const p of list) this.#enqueue(p.conversationId, () => this.#answer(p.conversationId));
      })
      .catch((error: unknown) => this.#log.warn({ err: error }, "could not read pending chats"));
  }

  async #grant(conversationId: string): Promise<Grant> {
    const held = this.#grants.get(conversationId);
    if (held && held.expiresAt - GRANT_MARGIN_MS > this.#now().getTime()) return held;
    const issued = await this.#api().chat.actAs.mutate({ conversationId });
    const grant = {
      api: patientClient(this.#options.serverUrl, issued.token),
      expiresAt: Date.parse(issued.expiresAt),
    };
    for (const [id, g] of this.#grants) {
      if (g.expiresAt <= this.#now().getTime()) this.#grants.delete(id);
    }
    this.#grants.set(conversationId, grant);
    return grant;
  }

  async #answer(conversationId: string): Promise<void> {
    const conversation = await this.#api().chat.conversation.query({ conversationId });
    let state: SavedState = conversation.state;
    for (const message of conversation.unhandled) {
      const outcome = await this.#turn(conversationId, conversation.patientId, message.text, state);
      await this.#api().chat.reply.mutate({
        conversationId,
        replyToId: message.id,
        text: outcome.text,
        state: outcome.state,
      });
      state = outcome.state;
      this.#remember(conversationId, state);
    }
  }

  async #turn(
    conversationId: string,
    patientId: string,
    text: string,
    state: SavedState,
  ): Promise<Outcome> {
    let grant: Grant;
    try {
      grant = await this.#grant(conversationId);
    } catch (error) {
      // Not allowed to act any more (the message is too old): say so rather than act.
      if (errorBodyOf(error)?.code === "FORBIDDEN") return { text: STALE, state };
      throw error;
    }
    try {
      return await this.#options.assistant.respond({
        text,
        state,
        api: grant.api,
        patientId,
        now: this.#now(),
      });
    } catch (error) {
      // Without a server to talk to, the message stays unanswered and is retried on reconnect.
      if (error instanceof TRPCClientError && !errorBodyOf(error)) throw error;
      this.#log.error({ err: error, conversationId }, "the assistant failed");
      return { text: BROKEN, state };
    }
  }

  #remember(conversationId: string, state: SavedState): void {
    const offers = this.#options.assistant.offered?.(state) ?? [];
    if (offers.length > 0) this.#offered.set(conversationId, offers);
    else this.#offered.delete(conversationId);
  }

  #onSlots(item: Item): void {
    const cache = this.#options.cache;
    if (item.data.type === "sync.reset") {
      cache.clear();
      return;
    }
    if (item.data.type !== "slots.changed") return;
    const change = item.data.payload as SlotTaken & { effect: "taken" | "freed" };
    cache.slotsChanged(change);
    if (change.effect !== "taken") return;
    for (const [conversationId, offers] of this.#offered) {
      const hit = offers.some(
        (o) =>
          o.dentistId === change.dentistId &&
          o.startsAt < change.endsAt &&
          change.startsAt < o.endsAt,
      );
      if (hit) this.#enqueue(conversationId, () => this.#notice(conversationId, change));
    }
  }

  /** Tells a patient that a slot on offer to them has just gone, unless they are mid-turn. */
  async #notice(conversationId: string, taken: SlotTaken): Promise<void> {
    const notice = this.#options.assistant.notice;
    if (!notice) return;
    const conversation = await this.#api().chat.conversation.query({ conversationId });
    // A waiting message will be answered with fresh slots anyway.
    if (conversation.unhandled.length > 0) return;
    const outcome = await notice.call(
      this.#options.assistant,
      conversation.state,
      taken,
      this.#now(),
    );
    if (!outcome) return;
    await this.#api().chat.reply.mutate({
      conversationId,
      text: outcome.text,
      state: outcome.state,
    });
    this.#remember(conversationId, outcome.state);
  }
}
