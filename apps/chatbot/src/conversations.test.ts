import { connect, Inbox, tokenFor } from "@dentalcare/server/src/testing.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, describeDate, describeSlot } from "./language/index.ts";
import {
  at,
  type Clinic,
  type Item,
  openClinic,
  PatientChat,
  startWorker,
  ZONE,
} from "./test-kit.ts";

// Scripted conversations against a real server over real WebSockets: the worker runs in this
// process and acts only through the typed procedures, with each patient's own rights. The
// clinic's clock stands at 07:00 (London) on a Monday; Dr. Lee and Dr. Patel work 09:00–12:00
// and 13:00–17:00 on weekdays.

let clinic: Clinic;
let worker: ReturnType<typeof startWorker>;
const chats: PatientChat[] = [];
const closers: (() => void)[] = [];

async function patient(): Promise<PatientChat> {
  const chat = await PatientChat.open(clinic);
  chats.push(chat);
  return chat;
}

const day = (offset: number) => addDays(clinic.monday, offset);
const slot = (offset: number, hhmm: string) => describeSlot(at(day(offset), hhmm), ZONE);

async function appointmentsOf(patientId: string) {
  return clinic.db.prisma.appointment.findMany({
    where: { patientId },
    select: { id: true, startsAt: true, status: true, source: true, dentistId: true, typeId: true },
    orderBy: { startsAt: "asc" },
  });
}

async function liveHolds(patientId: string) {
  return clinic.db.prisma.slotReservation.findMany({ where: { patientId, status: "held" } });
}

beforeAll(async () => {
  clinic = await openClinic();
  worker = startWorker(clinic);
  await worker.worker.start();
});

afterAll(async () => {
  for (const c of chats) c.close();
  for (const close of closers) close();
  await worker.worker.stop();
  await clinic.close();
});

describe("booking in plain words", () => {
  it("by date and time: holds the slot, books on yes, and an admin sees it within 1 s", async () => {
    const admin = connect(clinic.app.url, await tokenFor(clinic.app, clinic.admin));
    closers.push(() => admin.close());
    const adminFeed = new Inbox<Item>();
    await new Promise<void>((resolve) =>
      admin.client.live.onAppointments.subscribe(
        {},
        { onStarted: () => resolve(), onData: adminFeed.push, onError: adminFeed.fail },
      ),
    );
    const alice = await patient();

    const offer = await alice.say("Book a cleaning with Dr Lee tomorrow at 10");
    expect(offer).toBe(
      `I can book a Cleaning with Dr. Emily Lee on ${slot(1, "10:00")}. I'm holding it for you for 5 minutes — shall I book it?`,
    );
    const [hold] = await liveHolds(alice.user.id);
    expect(hold?.startsAt.toISOString()).toBe(at(day(1), "10:00"));

    const sentAt = Date.now();
    const done = alice.say("yes");
    const created = await adminFeed.until(
      (items) => items.some((i) => i.data.type === "appointment.created"),
      1_000,
    );
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    const event = created.find((i) => i.data.type === "appointment.created");
    expect(event?.data.payload).toMatchObject({
      appointment: { patientId: alice.user.id, source: "chatbot", startsAt: at(day(1), "10:00") },
    });
    expect(await done).toBe(
      `Done! Your Cleaning with Dr. Emily Lee on ${slot(1, "10:00")} is booked. The clinic will confirm it shortly.`,
    );
    expect(await appointmentsOf(alice.user.id)).toMatchObject([
      {
        source: "chatbot",
        status: "pending",
        dentistId: clinic.lee.id,
        typeId: clinic.types.cleaning,
      },
    ]);
    // The hold became the appointment.
    const reservation = await clinic.db.prisma.slotReservation.findUnique({
      where: { id: hold?.id ?? "" },
    });
    expect(reservation?.status).toBe("converted");
  });

  it("by “earliest free”", async () => {
    const bob = await patient();
    const offer = await bob.say("what's the earliest checkup with Dr Patel?");
    // 07:00 now with an hour's notice; Dr. Patel starts at 09:00.
    expect(offer).toContain(
      `The earliest free time is:\nI can book a Checkup with Dr. Raj Patel on ${slot(0, "09:00")}.`,
    );
    expect(await bob.say("ok")).toContain("is booked");
    expect(await appointmentsOf(bob.user.id)).toMatchObject([
      { startsAt: new Date(at(day(0), "09:00")) },
    ]);
  });

  it("asks which day an ambiguous date means, then offers times that day", async () => {
    const carol = await patient();
    const question = await carol.say("book a checkup with Dr Lee on 3/4");
    const options = /^Sorry, which day do you mean by “3\/4”\?\n1\. (.+)\n2\. (.+)$/.exec(question);
    expect(options).not.toBeNull();
    // Whether that day has free times depends on the weekday it falls on this year.
    const answer = await carol.say("1");
    expect(answer).toContain(options?.[1] ?? "?");
    expect(answer).toMatch(
      /These times are free with Dr\. Emily Lee|nothing free with Dr\. Emily Lee/,
    );
  });

  it("suggests the closest dentists for a name it does not know", async () => {
    const dan = await patient();
    const reply = await dan.say("I need a checkup with Dr Pattel tomorrow");
    expect(reply).toContain(
      "I couldn't find a dentist called “Pattel”. Did you mean Dr. Raj Patel?",
    );
    const offers = await dan.say("1");
    expect(offers).toContain(`These times are free with Dr. Raj Patel:\n1. ${slot(1, "09:00")}`);
  });
});

describe("live knowledge", () => {
  it("a slot taken by another patient mid-conversation: apology and alternatives", async () => {
    const erin = await patient();
    const frank = await patient();
    const offers = await erin.say("what's free with Dr Lee on Wednesday morning?");
    expect(offers).toBe(
      `Here's what's free with Dr. Emily Lee on ${describeDate(day(2))} between 08:00 and 12:00:\n1. ${slot(2, "09:00")}\n2. ${slot(2, "09:15")}\n3. ${slot(2, "09:30")}\nWhich would you like?`,
    );
    const key = { viewer: erin.user.id, dentistId: clinic.lee.id, date: day(2), length: "30m" };
    expect(worker.cache.peek(key)?.map((s) => s.startsAt)).toContain(at(day(2), "09:00"));

    // Frank books 09:00 in the patient app meanwhile.
    const started = Date.now();
    await frank.client.appointments.create.mutate({
      dentistId: clinic.lee.id,
      typeId: clinic.types.checkup,
      startsAt: at(day(2), "09:00"),
    });
    await erin.inbox.until(() => erin.notices().length > 0, 2_000);
    // The worker's cache dropped it within a second, and Erin was told.
    expect(worker.cache.peek(key)?.map((s) => s.startsAt) ?? []).not.toContain(at(day(2), "09:00"));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(erin.notices()).toEqual([
      `Sorry, ${slot(2, "09:00")} and ${slot(2, "09:15")} have just been taken by someone else.\nStill free:\n1. ${slot(2, "09:30")}\nWould that suit you?`,
    ]);

    // She picks what is left; the treatment is asked for since her question did not say.
    expect(await erin.say("yes")).toContain("What is the appointment for?");
    expect(await erin.say("checkup")).toContain(
      `I can book a Checkup with Dr. Emily Lee on ${slot(2, "09:30")}.`,
    );
  });

  it("going quiet lets the hold lapse; a late yes still books if the time is free", async () => {
    const gina = await patient();
    expect(await gina.say("book a filling with Dr Patel on Thursday at 2pm")).toContain(
      `I can book a Filling with Dr. Raj Patel on ${slot(3, "14:00")}`,
    );
    expect(await liveHolds(gina.user.id)).toHaveLength(1);

    clinic.clock.advance(5 * 60_000 + 1_000);
    const deadline = Date.now() + 3_000;
    while ((await liveHolds(gina.user.id)).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const lapsed = await clinic.db.prisma.slotReservation.findMany({
      where: { patientId: gina.user.id },
    });
    expect(lapsed.map((r) => r.status)).toEqual(["expired"]);

    expect(await gina.say("yes please")).toContain("is booked");
    expect(await appointmentsOf(gina.user.id)).toMatchObject([
      { startsAt: new Date(at(day(3), "14:00")) },
    ]);
  });
});

describe("changing and cancelling", () => {
  it("reschedules: holds the new time, moves on yes, gives the hold back", async () => {
    const hank = await patient();
    const booked = await hank.client.appointments.create.mutate({
      dentistId: clinic.lee.id,
      typeId: clinic.types.checkup,
      startsAt: at(day(3), "10:00"),
    });
    const offer = await hank.say("can you move my Thursday appointment to Friday at 11?");
    expect(offer).toContain(
      `I can move your Checkup with Dr. Emily Lee on ${slot(3, "10:00")} to ${slot(4, "11:00")}.`,
    );
    expect(await hank.say("yes")).toBe(
      `Done! Your Checkup with Dr. Emily Lee on ${slot(4, "11:00")} is now booked.`,
    );
    const [moved] = await appointmentsOf(hank.user.id);
    expect(moved).toMatchObject({ id: booked.id, startsAt: new Date(at(day(4), "11:00")) });
    expect(await liveHolds(hank.user.id)).toEqual([]);
  });

  it("cancels outside the 1-hour window and refuses inside it", async () => {
    const iris = await patient();
    const now = clinic.clock.now().getTime();
    // One appointment in 30 minutes (booked by the clinic), one on Friday.
    await clinic.db.prisma.appointment.create({
      data: {
        patientId: iris.user.id,
        dentistId: clinic.patel.id,
        typeId: clinic.types.checkup,
        startsAt: new Date(now + 30 * 60_000),
        endsAt: new Date(now + 60 * 60_000),
        status: "confirmed",
        source: "admin",
      },
    });
    await iris.client.appointments.create.mutate({
      dentistId: clinic.lee.id,
      typeId: clinic.types.cleaning,
      startsAt: at(day(4), "15:00"),
    });

    expect(await iris.say("cancel my Friday appointment")).toBe(
      `Shall I cancel your Cleaning with Dr. Emily Lee on ${slot(4, "15:00")}?`,
    );
    expect(await iris.say("yes")).toBe(
      `Your Cleaning with Dr. Emily Lee on ${slot(4, "15:00")} has been cancelled.`,
    );

    expect(await iris.say("cancel my next appointment")).toContain(
      "Shall I cancel your Checkup with Dr. Raj Patel",
    );
    expect(await iris.say("yes")).toContain("starts too soon to be cancelled here");
    const statuses = (await appointmentsOf(iris.user.id)).map((a) => a.status);
    expect(statuses).toEqual(["confirmed", "cancelled"]);
  });
});
