import { createAppointmentTypes, createDentist, createUser } from "@dentalcare/api/testing";
import type { TestDatabase } from "@dentalcare/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "./app.ts";
import { connect, Inbox, startTestServer, testDatabase, tokenFor } from "./testing.ts";

// Requirements 1, 2, 3 and 8 end to end: a change made by one actor reaches every other
// screen that shows it within a second, over real WebSocket connections to a real server.

type Item = { id: string; data: { type: string; payload?: unknown } };
const field = (item: Item, key: string): unknown =>
  (item.data.payload as Record<string, unknown> | undefined)?.[key];
type Client = ReturnType<typeof connect>;

let db: TestDatabase;
let app: RunningApp;
let dentist: { id: string; role: "dentist" };
let alice: { id: string; role: "patient" };
let bob: { id: string; role: "patient" };
let admin: { id: string; role: "admin" };
let types: Awaited<ReturnType<typeof createAppointmentTypes>>;
const clients: Client[] = [];

async function clientFor(user: {
  id: string;
  role: "dentist" | "patient" | "admin";
}): Promise<Client> {
  const c = connect(app.url, await tokenFor(app, user));
  clients.push(c);
  return c;
}

/** A working weekday at least three days ahead, as YYYY-MM-DD. */
function bookableDate(): string {
  const d = new Date(Date.now() + 3 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function within(ms: number) {
  const started = Date.now();
  return () => expect(Date.now() - started).toBeLessThan(ms);
}

const settle = () => new Promise((r) => setTimeout(r, 300));

beforeAll(async () => {
  db = await testDatabase();
  app = await startTestServer(db, { holdTtlSeconds: 2 });
  const api = { deps: app.deps };
  dentist = await createDentist(api, { timeZone: "Europe/London" });
  alice = { id: (await createUser(api, "patient")).id, role: "patient" };
  bob = { id: (await createUser(api, "patient")).id, role: "patient" };
  admin = { id: (await createUser(api, "admin")).id, role: "admin" };
  types = await createAppointmentTypes(api);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await app.close();
  await db.drop();
});

describe("appointment changes reach the dentist, the patient and admins within 1 s", () => {
  it("booking, confirmation, reschedule and cancellation", async () => {
    const [asAlice, asDentist, asAdmin, asBob] = await Promise.all([
      clientFor(alice),
      clientFor(dentist),
      clientFor(admin),
      clientFor(bob),
    ]);
    const inboxes = {
      alice: new Inbox<Item>(),
      dentist: new Inbox<Item>(),
      admin: new Inbox<Item>(),
      bob: new Inbox<Item>(),
    };
    asAlice.client.live.onAppointments.subscribe(
      {},
      { onData: inboxes.alice.push, onError: inboxes.alice.fail },
    );
    asDentist.client.live.onAppointments.subscribe(
      {},
      { onData: inboxes.dentist.push, onError: inboxes.dentist.fail },
    );
    asAdmin.client.live.onAppointments.subscribe(
      {},
      { onData: inboxes.admin.push, onError: inboxes.admin.fail },
    );
    asBob.client.live.onAppointments.subscribe(
      {},
      { onData: inboxes.bob.push, onError: inboxes.bob.fail },
    );
    await settle();

    const date = bookableDate();
    const day = await asAlice.client.availability.slots.query({
      dentistId: dentist.id,
      date,
      typeId: types.checkup,
    });
    const [first, , third] = day.slots;
    expect(first && third).toBeTruthy();

    const seen = (type: string) => (items: Item[]) => items.some((i) => i.data.type === type);
    const everyone = async (type: string) => {
      const done = within(1_000);
      await Promise.all([
        inboxes.alice.until(seen(type), 1_000),
        inboxes.dentist.until(seen(type), 1_000),
        inboxes.admin.until(seen(type), 1_000),
      ]);
      done();
    };

    const created = await asAlice.client.appointments.create.mutate({
      dentistId: dentist.id,
      typeId: types.checkup,
      startsAt: first?.startsAt ?? "",
    });
    await everyone("appointment.created");
    expect(created.source).toBe("patient_app");

    await asDentist.client.appointments.confirm.mutate({ id: created.id });
    await everyone("appointment.status_changed");

    await asAlice.client.appointments.update.mutate({
      id: created.id,
      startsAt: third?.startsAt ?? "",
    });
    await everyone("appointment.updated");

    await asAlice.client.appointments.cancel.mutate({ id: created.id, reason: "Feeling better" });
    await everyone("appointment.cancelled");

    // Another patient never sees any of it.
    await settle();
    expect(inboxes.bob.items).toEqual([]);
    const last = inboxes.dentist.items.at(-1)?.data.payload as {
      appointment?: { status?: string };
    };
    expect(last.appointment?.status).toBe("cancelled");
  });
});

describe("availability and profiles", () => {
  it("a dentist's new weekly hours reach an open patient screen; a profile edit reaches admins", async () => {
    const [asDentist, asBob, asAlice, asAdmin] = await Promise.all([
      clientFor(dentist),
      clientFor(bob),
      clientFor(alice),
      clientFor(admin),
    ]);
    const schedule = new Inbox<Item>();
    const profiles = new Inbox<Item>();
    asBob.client.live.onAvailability.subscribe(
      { dentistId: dentist.id },
      { onData: schedule.push, onError: schedule.fail },
    );
    asAdmin.client.live.onProfiles.subscribe({}, { onData: profiles.push, onError: profiles.fail });
    await settle();

    let done = within(1_000);
    await asDentist.client.availability.update.mutate({
      dentistId: dentist.id,
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        startMinute: 8 * 60,
        endMinute: 16 * 60,
      })),
    });
    await schedule.until(
      (items) => items.some((i) => i.data.type === "availability.updated"),
      1_000,
    );
    done();

    done = within(1_000);
    await asAlice.client.profiles.updateMe.mutate({ fullName: "Alice Renamed" });
    await profiles.until((items) => items.some((i) => i.data.type === "profile.updated"), 1_000);
    done();
    const payload = profiles.items.at(-1)?.data.payload as { profile?: { fullName?: string } };
    expect(payload.profile?.fullName).toBe("Alice Renamed");
  });
});

describe("slot holds", () => {
  it("a hold by one patient removes the slot from another's picker; expiry brings it back", async () => {
    const [asAlice, asBob] = await Promise.all([clientFor(alice), clientFor(bob)]);
    const slots = new Inbox<Item>();
    asBob.client.live.onSlots.subscribe(
      { dentistId: dentist.id },
      { onData: slots.push, onError: slots.fail },
    );
    await settle();
    const date = bookableDate();
    const before = await asBob.client.availability.slots.query({
      dentistId: dentist.id,
      date,
      typeId: types.cleaning,
    });
    const target = before.slots[4];
    expect(target).toBeDefined();

    const done = within(2_000);
    const hold = await asAlice.client.reservations.hold.mutate({
      dentistId: dentist.id,
      startsAt: target?.startsAt ?? "",
      typeId: types.cleaning,
    });
    await slots.until((items) => items.some((i) => field(i, "effect") === "taken"), 2_000);
    done();
    const during = await asBob.client.availability.slots.query({
      dentistId: dentist.id,
      date,
      typeId: types.cleaning,
    });
    expect(during.slots.map((s) => s.startsAt)).not.toContain(target?.startsAt);
    // The holder still sees it (to confirm it).
    const own = await asAlice.client.availability.slots.query({
      dentistId: dentist.id,
      date,
      typeId: types.cleaning,
    });
    expect(own.slots.map((s) => s.startsAt)).toContain(target?.startsAt);
    expect(hold.status).toBe("held");

    // The test server holds slots for 2 s; the sweeper releases it with an event.
    await slots.until(
      (items) =>
        items.some((i) => field(i, "effect") === "freed" && field(i, "reason") === "hold_expired"),
      5_000,
    );
    const after = await asBob.client.availability.slots.query({
      dentistId: dentist.id,
      date,
      typeId: types.cleaning,
    });
    expect(after.slots.map((s) => s.startsAt)).toContain(target?.startsAt);
  });
});
