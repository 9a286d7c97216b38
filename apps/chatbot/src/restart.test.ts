import { afterAll, beforeAll, expect, it } from "vitest";
import { describeSlot } from "./language/index.ts";
import {
  at,
  type Clinic,
  messageOf,
  openClinic,
  PatientChat,
  startWorker,
  ZONE,
} from "./test-kit.ts";

// The worker keeps nothing a restart could lose: the dialogue state is saved with every reply,
// and what was answered is recorded with the answer. A new worker resumes mid-conversation,
// including messages sent while no worker was running.

let clinic: Clinic;
let chat: PatientChat;

beforeAll(async () => {
  clinic = await openClinic();
  chat = await PatientChat.open(clinic);
});

afterAll(async () => {
  chat.close();
  await clinic.close();
});

it("a restarted worker resumes the conversation where it was", async () => {
  const first = startWorker(clinic);
  await first.worker.start();
  const offer = await chat.say("please book a checkup with Dr Patel on Tuesday at 11");
  const when = describeSlot(at(addDay(clinic.monday), "11:00"), ZONE);
  expect(offer).toContain(`I can book a Checkup with Dr. Raj Patel on ${when}`);
  await first.worker.stop();

  // The patient answers while no worker runs: nothing happens yet, and the hold stays.
  const sent = await chat.client.chat.send.mutate({ text: "yes" });
  await new Promise((r) => setTimeout(r, 500));
  expect(chat.inbox.items.some((i) => messageOf(i)?.replyToId === sent.id)).toBe(false);
  const held = await clinic.db.prisma.slotReservation.findMany({
    where: { patientId: chat.user.id, status: "held" },
  });
  expect(held).toHaveLength(1);

  const second = startWorker(clinic);
  await second.worker.start();
  try {
    const items = await chat.inbox.until((list) =>
      list.some((i) => messageOf(i)?.replyToId === sent.id),
    );
    const answer = items.map(messageOf).find((m) => m?.replyToId === sent.id);
    expect(answer?.text).toBe(
      `Done! Your Checkup with Dr. Raj Patel on ${when} is booked. The clinic will confirm it shortly.`,
    );
    const booked = await clinic.db.prisma.appointment.findMany({
      where: { patientId: chat.user.id },
    });
    expect(booked).toMatchObject([
      { source: "chatbot", startsAt: new Date(at(addDay(clinic.monday), "11:00")) },
    ]);
    // And it carries on from there.
    expect(await chat.say("thanks! show my appointments")).toContain(
      `Checkup with Dr. Raj Patel on ${when}`,
    );
    // Nothing was answered twice.
    const history = await chat.client.chat.history.query();
    expect(history.messages.map((m) => m.author)).toEqual([
      "patient",
      "assistant",
      "patient",
      "assistant",
      "patient",
      "assistant",
    ]);
  } finally {
    await second.worker.stop();
  }
});

function addDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
