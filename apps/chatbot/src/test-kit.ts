import { FixedClock } from "@dentalcare/api";
import { createAppointmentTypes, createDentist, createUser } from "@dentalcare/api/testing";
import type { TestDatabase } from "@dentalcare/db/testing";
import type { RunningApp } from "@dentalcare/server/src/app.ts";
import {
  connect,
  Inbox,
  startTestServer,
  TEST_SECRET,
  testDatabase,
  tokenFor,
} from "@dentalcare/server/src/testing.ts";
import { pino } from "pino";
import { buildWorker } from "./app.ts";
import type { LlmSettings } from "./env.ts";
import { addDays, type IsoDate, localDate, zonedTimeToInstant } from "./language/index.ts";

// Conversations against a real server: a clinic on a fresh database, a clock the test moves,
// the worker in this process, and patients chatting over real WebSockets.

export const ZONE = "Europe/London";

/** 07:00 in London on the coming Monday: close to the real date, so tokens stay plausible. */
export function comingMonday(): { monday: IsoDate; start: Date } {
  const today = localDate(new Date(), ZONE);
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay();
  const monday = addDays(today, (8 - weekday) % 7 || 7);
  return { monday, start: zonedTimeToInstant(monday, 7 * 60, ZONE) };
}

export function at(date: IsoDate, hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  return zonedTimeToInstant(date, h * 60 + m, ZONE).toISOString();
}

export type Item = { id: string; data: { type: string; payload?: unknown } };
type ChatMessage = { id: string; author: string; text: string; replyToId: string | null };

export function messageOf(item: Item): ChatMessage | undefined {
  return item.data.type === "chat.message"
    ? (item.data.payload as { message: ChatMessage }).message
    : undefined;
}

export interface Clinic {
  db: TestDatabase;
  app: RunningApp;
  clock: FixedClock;
  monday: IsoDate;
  lee: { id: string };
  patel: { id: string };
  types: Awaited<ReturnType<typeof createAppointmentTypes>>;
  admin: { id: string; role: "admin" };
  close(): Promise<void>;
}

export async function openClinic(options: { holdTtlSeconds?: number } = {}): Promise<Clinic> {
  const { monday, start } = comingMonday();
  const clock = new FixedClock(start);
  const db = await testDatabase();
  const app = await startTestServer(db, { clock, holdTtlSeconds: options.holdTtlSeconds ?? 300 });
  // Fixtures and checks use the database owner's connection, outside any user's scope.
  const api = { deps: { ...app.deps, db: db.prisma } };
  const lee = await createDentist(api, { fullName: "Dr. Emily Lee", timeZone: ZONE });
  const patel = await createDentist(api, {
    fullName: "Dr. Raj Patel",
    specialty: "Orthodontics",
    timeZone: ZONE,
  });
  const types = await createAppointmentTypes(api);
  const admin = { id: (await createUser(api, "admin")).id, role: "admin" as const };
  return {
    db,
    app,
    clock,
    monday,
    lee,
    patel,
    types,
    admin,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

export function startWorker(clinic: Clinic, llm?: LlmSettings) {
  const built = buildWorker({
    serverUrl: clinic.app.url,
    auth: { secret: TEST_SECRET, issuer: "dentalcare-sync" },
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    clock: clinic.clock,
    ...(llm ? { llm } : {}),
  });
  return built;
}

/** A patient with the chat open: every message of their conversation lands in `inbox`. */
export class PatientChat {
  readonly inbox = new Inbox<Item>();
  private constructor(
    readonly user: { id: string; role: "patient" },
    readonly connection: ReturnType<typeof connect>,
  ) {}

  static async open(clinic: Clinic): Promise<PatientChat> {
    const fixtures = { deps: { ...clinic.app.deps, db: clinic.db.prisma } };
    const user = { id: (await createUser(fixtures, "patient")).id, role: "patient" as const };
    const chat = new PatientChat(user, connect(clinic.app.url, await tokenFor(clinic.app, user)));
    await new Promise<void>((resolve) => {
      chat.connection.client.chat.onMessage.subscribe(
        {},
        { onStarted: () => resolve(), onData: chat.inbox.push, onError: chat.inbox.fail },
      );
    });
    return chat;
  }

  get client() {
    return this.connection.client;
  }

  /** Sends a message and returns the assistant's answer to it. */
  async say(text: string, timeoutMs = 10_000): Promise<string> {
    const sent = await this.client.chat.send.mutate({ text });
    const items = await this.inbox.until(
      (list) => list.some((i) => messageOf(i)?.replyToId === sent.id),
      timeoutMs,
    );
    const answer = items.map(messageOf).find((m) => m?.replyToId === sent.id);
    return answer?.text ?? "";
  }

  /** Assistant messages nobody asked for (notices), in order. */
  notices(): string[] {
    return this.inbox.items
      .map(messageOf)
      .filter((m): m is ChatMessage => m?.author === "assistant" && m.replyToId === null)
      .map((m) => m.text);
  }

  close(): void {
    this.connection.close();
  }
}
