import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import {
  createAppointmentTypes,
  createDentist,
  createTestApi,
  createUser,
  type TestApi,
} from "../testing/index.ts";
import { isExclusionViolation, mapSlotConflicts, postgresCode } from "./db-errors.ts";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("database errors", () => {
  it("finds the SQLSTATE wherever the layers put it", () => {
    expect(postgresCode({ code: "23P01" })).toBe("23P01");
    expect(
      postgresCode({
        code: "P2039",
        meta: { driverAdapterError: { cause: { originalCode: "23P01", kind: "postgres" } } },
      }),
    ).toBe("23P01");
    expect(postgresCode(new Error("outer", { cause: { code: "40001" } }))).toBe("40001");
    expect(postgresCode({ code: "P2002" })).toBeUndefined();
    expect(postgresCode("boom")).toBeUndefined();
    expect(postgresCode(null)).toBeUndefined();
  });

  it("turns a real exclusion violation into SLOT_UNAVAILABLE and leaves other errors alone", async () => {
    const dentist = await createDentist(api);
    const patient = await createUser(api, "patient");
    const types = await createAppointmentTypes(api);
    const data = {
      patientId: patient.id,
      dentistId: dentist.id,
      typeId: types.checkup,
      startsAt: new Date("2030-01-08T09:00:00Z"),
      endsAt: new Date("2030-01-08T09:30:00Z"),
      source: "admin" as const,
    };
    await api.deps.db.appointment.create({ data });
    const raw = await api.deps.db.appointment.create({ data }).catch((e: unknown) => e);
    expect(isExclusionViolation(raw)).toBe(true);

    const mapped = await mapSlotConflicts(() =>
      api.deps.db.$transaction((tx) => tx.appointment.create({ data })),
    ).catch((e: unknown) => e);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({
      appCode: "SLOT_UNAVAILABLE",
      message: "That time is no longer available",
    });

    const other = await mapSlotConflicts(() =>
      api.deps.db.appointment.create({
        data: {
          ...data,
          typeId: "00000000-0000-4000-8000-000000000000",
          startsAt: new Date("2030-01-09T09:00:00Z"),
          endsAt: new Date("2030-01-09T09:30:00Z"),
        },
      }),
    ).catch((e: unknown) => e);
    expect(other).not.toBeInstanceOf(AppError);
    expect(isExclusionViolation(other)).toBe(false);
  });
});
