import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorBody } from "../errors.ts";
import type { ChangeEvent } from "../realtime/event-types.ts";
import { ApiCaches, cachesFor } from "../services/cache.ts";
import { emitProfileUpdated, findProfile } from "../services/profiles.ts";
import { createDentist, createTestApi, createUser, type TestApi } from "../testing/index.ts";
import { withChanges } from "../unit-of-work.ts";

let api: TestApi;
let admin: { id: string; role: "admin" };

beforeAll(async () => {
  api = await createTestApi({ now: "2030-01-07T08:00:00Z" });
  admin = { id: (await createUser(api, "admin")).id, role: "admin" };
});
afterAll(() => api.close());

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return toErrorBody(error);
  }
  throw new Error("expected the call to fail");
}

const newDentist = (email: string) => ({
  email,
  password: "password123",
  fullName: `Dr ${email.split("@")[0]}`,
  specialty: "Orthodontics",
  timeZone: "America/New_York",
  slotMinutes: 20,
});

describe("dentists.create / update (admin)", () => {
  it("creates a dentist account that can sign in, and announces it", async () => {
    const created = await api.caller(admin).dentists.create(newDentist("ortho@clinic.test"));
    expect(created).toMatchObject({
      email: "ortho@clinic.test",
      specialty: "Orthodontics",
      timeZone: "America/New_York",
      slotMinutes: 20,
      active: true,
      bio: null,
    });
    const login = await api.caller(null).auth.login({
      email: "ortho@clinic.test",
      password: "password123",
    });
    expect(login.user).toMatchObject({ id: created.id, role: "dentist" });
    const event = await api.deps.db.realtimeEvent.findFirstOrThrow({
      where: { recordId: created.id },
    });
    expect(event).toMatchObject({
      eventType: "profile.updated",
      channels: [`profiles:user:${created.id}`, "profiles:all"],
      actorId: admin.id,
    });
  });

  it("validates the time zone with Intl and the slot length", async () => {
    const error = await errorOf(
      api.caller(admin).dentists.create({
        ...newDentist("bad@clinic.test"),
        timeZone: "Mars/Olympus_Mons",
        slotMinutes: 7,
      }),
    );
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details).toEqual({
      fields: {
        timeZone: ["must be an IANA time zone such as Europe/London"],
        slotMinutes: ["must be a multiple of 5"],
      },
    });
  });

  it("is for admins only", async () => {
    const dentist = await createDentist(api);
    const patient = await createUser(api, "patient");
    for (const caller of [api.caller(dentist), api.caller(patient)]) {
      expect(await errorOf(caller.dentists.create(newDentist("x@clinic.test")))).toMatchObject({
        code: "FORBIDDEN",
      });
      expect(
        await errorOf(caller.dentists.update({ id: dentist.id, specialty: "Hacked" })),
      ).toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("rejects a taken email with CONFLICT", async () => {
    const patient = await createUser(api, "patient");
    expect(
      await errorOf(api.caller(admin).dentists.create(newDentist(patient.email))),
    ).toMatchObject({ code: "CONFLICT" });
  });

  it("updates practice details and emits profile.updated with a bumped version", async () => {
    const dentist = await createDentist(api, { timeZone: "Europe/London" });
    const before = await api.caller(dentist).profiles.me();
    const updated = await api.caller(admin).dentists.update({
      id: dentist.id,
      timeZone: "Europe/Paris",
      slotMinutes: 30,
      bio: "Gentle with nervous patients",
    });
    expect(updated).toMatchObject({
      id: dentist.id,
      timeZone: "Europe/Paris",
      slotMinutes: 30,
      bio: "Gentle with nervous patients",
    });
    const events = await api.deps.db.realtimeEvent.findMany({
      where: { recordId: dentist.id },
      orderBy: { id: "asc" },
    });
    // A new zone and slot length move the bookable slots, so the schedule is announced too.
    expect(events.map((e) => e.eventType)).toEqual(["profile.updated", "availability.updated"]);
    expect(events[0]?.payload).toMatchObject({
      profile: { id: dentist.id, role: "dentist", version: before.version + 1 },
    });
    expect(events[1]?.payload).toMatchObject({
      schedule: { dentistId: dentist.id, timeZone: "Europe/Paris", slotMinutes: 30 },
    });
    expect(events[1]?.channels).toContain(`slots:dentist:${dentist.id}`);
    const bioOnly = await api.deps.db.realtimeEvent.count();
    await api.caller(admin).dentists.update({ id: dentist.id, bio: "Calm" });
    expect(await api.deps.db.realtimeEvent.count()).toBe(bioOnly + 1);
    expect(
      await errorOf(
        api
          .caller(admin)
          .dentists.update({ id: "00000000-0000-4000-8000-000000000000", active: false }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("dentists.list / byId", () => {
  it("lists active dentists to everyone, inactive ones only to staff who ask", async () => {
    const fresh = await createTestApi();
    try {
      const freshAdmin = await createUser(fresh, "admin");
      const a = await createDentist(fresh, { fullName: "Dr Active" });
      const b = await createDentist(fresh, { fullName: "Dr Benched" });
      await fresh.caller(freshAdmin).dentists.update({ id: b.id, active: false });
      const patient = await createUser(fresh, "patient");

      const forPatient = await fresh.caller(patient).dentists.list({ activeOnly: false });
      expect(forPatient.map((d) => d.id)).toEqual([a.id]);
      const forAdmin = await fresh.caller(freshAdmin).dentists.list({ activeOnly: false });
      expect(forAdmin.map((d) => d.fullName)).toEqual(["Dr Active", "Dr Benched"]);
      expect((await fresh.caller(freshAdmin).dentists.list({})).map((d) => d.id)).toEqual([a.id]);
      expect(await fresh.caller(patient).dentists.byId({ id: b.id })).toMatchObject({
        id: b.id,
        active: false,
      });
      expect(await errorOf(fresh.caller(patient).dentists.byId({ id: patient.id }))).toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await errorOf(fresh.caller(null).dentists.list({}))).toMatchObject({
        code: "UNAUTHORIZED",
      });
    } finally {
      await fresh.close();
    }
  });
});

describe("dentist cache (requirement 10.5)", () => {
  it("serves repeated reads from memory and drops the entry after an update through the router", async () => {
    const dentist = await createDentist(api, { specialty: "Endodontics" });
    const patient = await createUser(api, "patient");
    const caches = cachesFor(api.deps);
    const misses = caches.dentists.misses;
    await api.caller(patient).dentists.byId({ id: dentist.id });
    await api.caller(patient).dentists.byId({ id: dentist.id });
    expect(caches.dentists.misses - misses).toBe(1);
    expect(caches.dentists.get(dentist.id)?.specialty).toBe("Endodontics");

    await api.caller(admin).dentists.update({ id: dentist.id, specialty: "Periodontics" });
    expect(caches.dentists.get(dentist.id)).toBeUndefined();
    expect((await api.caller(patient).dentists.byId({ id: dentist.id })).specialty).toBe(
      "Periodontics",
    );
  });

  it("drops entries when another instance's change event reaches the hub", async () => {
    const dentist = await createDentist(api, { fullName: "Dr Before" });
    const patient = await createUser(api, "patient");
    const caches = cachesFor(api.deps);
    expect((await api.caller(patient).dentists.byId({ id: dentist.id })).fullName).toBe(
      "Dr Before",
    );
    expect(
      (await api.caller(patient).dentists.list({})).some((d) => d.fullName === "Dr Before"),
    ).toBe(true);

    // Another instance renames the dentist: the change and its event commit together, but
    // nothing in this process is told except through the event log.
    await withChanges(
      { db: api.deps.db, commits: { committed: () => {} } },
      admin.id,
      async (tx, emit) => {
        await tx.user.update({
          where: { id: dentist.id },
          data: { fullName: "Dr After", version: { increment: 1 } },
        });
        const profile = await findProfile(tx, dentist.id);
        if (profile) emitProfileUpdated(emit, profile);
      },
    );
    const seen: ChangeEvent[] = [];
    const detach = api.hub.subscribe((e) => seen.push(e));
    await api.hub.flush();
    detach();
    expect(seen.some((e) => e.type === "profile.updated" && e.recordId === dentist.id)).toBe(true);
    expect(caches.dentists.get(dentist.id)).toBeUndefined();
    expect((await api.caller(patient).dentists.byId({ id: dentist.id })).fullName).toBe("Dr After");
    const names = (await api.caller(patient).dentists.list({})).map((d) => d.fullName);
    expect(names).toContain("Dr After");
    expect(names).not.toContain("Dr Before");
  });

  it("keeps a second instance's cache right: the router's update reaches it as an event", async () => {
    const dentist = await createDentist(api, { specialty: "Prosthodontics" });
    const patient = await createUser(api, "patient");
    // The cache of another server instance: nothing but change events can reach it.
    const other = new ApiCaches(api.clock);
    const detachOther = other.attachToHub(api.hub);
    other.dentists.set(dentist.id, await api.caller(patient).dentists.byId({ id: dentist.id }));
    other.dentistLists.set("active", await api.caller(patient).dentists.list({}));

    await api.caller(admin).dentists.update({ id: dentist.id, specialty: "Implants" });

    const seen: ChangeEvent[] = [];
    const detach = api.hub.subscribe((e) => seen.push(e));
    await api.hub.flush();
    detach();
    detachOther();
    expect(seen.map((e) => [e.type, e.recordId])).toContainEqual(["profile.updated", dentist.id]);
    expect(other.dentists.get(dentist.id)).toBeUndefined();
    expect(other.dentistLists.get("active")).toBeUndefined();
  });

  it("drops a dentist's entries when their own profile edit commits", async () => {
    const dentist = await createDentist(api, { fullName: "Dr Old Name" });
    await api.caller(dentist).dentists.byId({ id: dentist.id });
    await api.caller(dentist).profiles.updateMe({ fullName: "Dr New Name" });
    expect((await api.caller(dentist).dentists.byId({ id: dentist.id })).fullName).toBe(
      "Dr New Name",
    );
  });
});
