import { describe, expect, it } from "vitest";
import { expectationOf } from "./machine.ts";
import { runTurn, understand } from "./run.ts";
import { initialState, restoreState } from "./state.ts";
import { at, CLEANING, facts, LEE, PATEL, TestWorld } from "./test-world.ts";
import type { DialogueState } from "./types.ts";

// Conversations played against an in-memory clinic: the dialogue manager is pure, so every
// rule (ask for what is missing, offer up to three, hold, confirm, book) shows without a server.
// Today is Monday 7 January 2030, 08:00 in London.

class Chat {
  state: DialogueState = initialState();
  constructor(readonly world = new TestWorld()) {}

  async say(text: string): Promise<string> {
    const f = facts(this.world.now);
    const intent = understand(text, this.state, f);
    const turn = await runTurn(this.state, { kind: "message", intent }, f, this.world.perform);
    // Saved and read back as JSON, like the real worker does.
    this.state = restoreState(JSON.parse(JSON.stringify(turn.state)));
    return turn.say.join("\n");
  }
}

describe("booking", () => {
  it("holds the named time, confirms, then books it", async () => {
    const chat = new Chat();
    const offer = await chat.say("book a cleaning tomorrow at 10");
    expect(offer).toContain("I can book a Cleaning with Dr. Emily Lee on Tue 8 Jan, 10:00");
    expect(offer).toContain("holding it for you for 5 minutes");
    expect(chat.world.holds()).toHaveLength(1);
    expect(chat.state.mode.kind).toBe("holding");

    const done = await chat.say("yes please");
    expect(done).toBe(
      "Done! Your Cleaning with Dr. Emily Lee on Tue 8 Jan, 10:00 is booked. The clinic will confirm it shortly.",
    );
    expect(chat.world.appointments).toMatchObject([
      { dentistId: LEE.id, typeId: CLEANING.id, startsAt: at("2030-01-08", "10:00") },
    ]);
    expect(chat.world.holds()).toEqual([]);
    expect(chat.state.mode).toEqual({ kind: "idle" });
  });

  it("asks for the treatment and the day, offers three times and holds the one chosen", async () => {
    const chat = new Chat();
    expect(await chat.say("I'd like an appointment with Dr Patel")).toContain(
      "What is the appointment for?\n1. Checkup (30 min)\n2. Cleaning (30 min)",
    );
    expect(await chat.say("2")).toContain("Which day would suit you?");
    const offers = await chat.say("Wednesday");
    expect(offers).toBe(
      "These times are free with Dr. Raj Patel:\n1. Wed 9 Jan, 09:00\n2. Wed 9 Jan, 09:30\n3. Wed 9 Jan, 10:00\nWhich would you like?",
    );
    expect(expectationOf(chat.state)).toEqual({ expecting: "choice", choiceCount: 3 });
    expect(await chat.say("the second one")).toContain(
      "I can book a Cleaning with Dr. Raj Patel on Wed 9 Jan, 09:30",
    );
    // Choosing another gives the first hold back and holds the new one.
    expect(await chat.say("option 3")).toContain("Wed 9 Jan, 10:00");
    expect(chat.world.holds()).toHaveLength(1);
    expect(chat.world.log.filter((a) => a.kind === "release")).toHaveLength(1);
    // Declining lets it go and offers the others.
    const declined = await chat.say("no");
    expect(declined).toContain("No problem, I've let that time go.");
    expect(declined).toContain("1. Wed 9 Jan, 09:00\n2. Wed 9 Jan, 09:30");
    expect(chat.world.holds()).toEqual([]);
  });

  it("takes the earliest free time straight to a hold", async () => {
    const chat = new Chat();
    const reply = await chat.say("book the earliest checkup with Dr Lee");
    expect(reply).toContain("The earliest free time is:");
    // 08:00 now, one hour's notice: 09:00 is the first bookable start.
    expect(reply).toContain("a Checkup with Dr. Emily Lee on Mon 7 Jan, 09:00");
  });

  it("offers the closest times when the named one is taken", async () => {
    const chat = new Chat();
    chat.world.takeByOther(LEE.id, at("2030-01-08", "10:00"));
    chat.world.takeByOther(PATEL.id, at("2030-01-08", "10:00"));
    const reply = await chat.say("book a cleaning tomorrow at 10");
    expect(reply).toContain("10:00 isn't free on Tue 8 Jan. The closest times are:");
    expect(reply).toContain("1. Tue 8 Jan, 09:30 with Dr. Emily Lee");
    expect(chat.world.holds()).toEqual([]);
  });

  it("asks which day an ambiguous date means", async () => {
    const chat = new Chat();
    const reply = await chat.say("book a checkup on 3/4");
    expect(reply).toContain("Sorry, which day do you mean by “3/4”?");
    expect(reply).toMatch(/1\. \w{3} 3 Apr\n2\. \w{3} 4 Mar/);
    expect(await chat.say("1")).toContain("3 Apr");
  });

  it("suggests dentists for an unknown name", async () => {
    const chat = new Chat();
    const reply = await chat.say("book a checkup with Dr Pattel tomorrow");
    expect(reply).toContain(
      "I couldn't find a dentist called “Pattel”. Did you mean Dr. Raj Patel?",
    );
    expect(await chat.say("1")).toContain("Dr. Raj Patel");
    const none = new Chat();
    expect(await none.say("book with Dr Smith")).toContain(
      "Our dentists are:\n1. Dr. Emily Lee (General dentistry)\n2. Dr. Raj Patel (Orthodontics)",
    );
  });

  it("apologises and offers alternatives when the chosen slot was taken meanwhile", async () => {
    const chat = new Chat();
    await chat.say("what's free with Dr Lee tomorrow morning?");
    chat.world.takeByOther(LEE.id, at("2030-01-08", "09:00"));
    const reply = await chat.say("1");
    // Asked for the treatment first, since the question did not say.
    expect(reply).toContain("What is the appointment for?");
    const after = await chat.say("checkup");
    expect(after).toContain("Sorry, Tue 8 Jan, 09:00 has just been taken by someone else.");
    expect(after).toContain("1. Tue 8 Jan, 09:30");
  });

  it("says so when an offered slot is taken before the patient picks", async () => {
    const chat = new Chat();
    await chat.say("book a checkup with Dr Lee on Wednesday");
    const taken = at("2030-01-09", "09:30");
    const f = facts();
    const turn = await runTurn(
      chat.state,
      { kind: "slotTaken", dentistId: LEE.id, startsAt: taken, endsAt: at("2030-01-09", "10:00") },
      f,
      chat.world.perform,
    );
    expect(turn.say.join("\n")).toBe(
      "Sorry, Wed 9 Jan, 09:30 has just been taken by someone else.\nStill free:\n1. Wed 9 Jan, 09:00\n2. Wed 9 Jan, 10:00\nWhich would you like?",
    );
  });
});

describe("my appointments", () => {
  function withAppointments() {
    const world = new TestWorld();
    const base = {
      dentistName: LEE.name,
      typeId: CLEANING.id,
      typeName: "Cleaning",
      dentistId: LEE.id,
    };
    const soon = world.addAppointment({ ...base, startsAt: "2030-01-07T08:30:00.000Z" });
    const later = world.addAppointment({ ...base, startsAt: at("2030-01-10", "11:00") });
    return { chat: new Chat(world), soon, later };
  }

  it("lists them and cancels one picked from the list", async () => {
    const { chat, later } = withAppointments();
    expect(await chat.say("show my appointments")).toBe(
      "Your upcoming appointments:\n1. Cleaning with Dr. Emily Lee on Mon 7 Jan, 08:30\n2. Cleaning with Dr. Emily Lee on Thu 10 Jan, 11:00",
    );
    expect(await chat.say("cancel the second one")).toBe(
      "Shall I cancel your Cleaning with Dr. Emily Lee on Thu 10 Jan, 11:00?",
    );
    expect(await chat.say("yes")).toBe(
      "Your Cleaning with Dr. Emily Lee on Thu 10 Jan, 11:00 has been cancelled.",
    );
    expect(chat.world.appointments.find((a) => a.id === later.id)?.status).toBe("cancelled");
  });

  it("explains when an appointment is too close to cancel", async () => {
    const { chat } = withAppointments();
    expect(await chat.say("cancel my next appointment")).toContain("Mon 7 Jan, 08:30");
    expect(await chat.say("yes")).toBe(
      "Sorry, your Cleaning with Dr. Emily Lee on Mon 7 Jan, 08:30 starts too soon to be cancelled here (appointments cannot be cancelled less than 60 minutes before they start). Please call the clinic.",
    );
  });

  it("moves one after holding the new time", async () => {
    const { chat, later } = withAppointments();
    const offer = await chat.say("move my Thursday appointment to Friday at 10");
    expect(offer).toContain(
      "I can move your Cleaning with Dr. Emily Lee on Thu 10 Jan, 11:00 to Fri 11 Jan, 10:00.",
    );
    expect(await chat.say("yes")).toBe(
      "Done! Your Cleaning with Dr. Emily Lee on Fri 11 Jan, 10:00 is now booked.",
    );
    expect(chat.world.appointments.find((a) => a.id === later.id)?.startsAt).toBe(
      at("2030-01-11", "10:00"),
    );
    // The hold that kept the new time during the question is given back.
    expect(chat.world.holds()).toEqual([]);
  });
});

describe("state", () => {
  it("starts over from anything that is not a saved state", () => {
    expect(restoreState({})).toEqual(initialState());
    expect(restoreState({ version: 1, mode: { kind: "searching" } })).toEqual(initialState());
    expect(restoreState(null)).toEqual(initialState());
  });

  it("keeps a hold while answering a question in between", async () => {
    const chat = new Chat();
    await chat.say("book a cleaning tomorrow at 10");
    const reply = await chat.say("who are your dentists?");
    expect(reply).toContain("Our dentists are Dr. Emily Lee (General dentistry) and Dr. Raj Patel");
    expect(reply).toContain("shall I book it?");
    expect(chat.state.mode.kind).toBe("holding");
    expect(chat.world.holds()).toHaveLength(1);
  });
});
