import { expect } from "vitest";
import { type ErrorBody, toErrorBody } from "../errors.ts";
import {
  createAppointmentTypes,
  createDentist,
  createUser,
  type TestApi,
} from "../testing/index.ts";

// Shared by the booking tests: a small clinic, error assertions, and reading the change log.

export async function clinic(api: TestApi, dentist: { timeZone?: string } = {}) {
  return {
    dentist: await createDentist(api, dentist),
    otherDentist: await createDentist(api),
    patient: await createUser(api, "patient"),
    otherPatient: await createUser(api, "patient"),
    admin: await createUser(api, "admin"),
    types: await createAppointmentTypes(api),
  };
}

/** Awaits a rejection and returns the public error body it becomes. */
export async function failure(promise: Promise<unknown>): Promise<ErrorBody> {
  try {
    await promise;
  } catch (error) {
    return toErrorBody(error);
  }
  expect.fail("expected the call to fail");
}

export async function expectError(
  promise: Promise<unknown>,
  code: ErrorBody["code"],
  message?: string | RegExp,
): Promise<ErrorBody> {
  const body = await failure(promise);
  expect(body.code, body.message).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body;
}

export interface LoggedEvent {
  id: bigint;
  type: string;
  table: string;
  recordId: string;
  channels: string[];
  payload: Record<string, unknown>;
  actorId: string | null;
}

export async function eventCursor(api: TestApi): Promise<bigint> {
  const last = await api.deps.db.realtimeEvent.findFirst({
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return last?.id ?? 0n;
}

/** Events written after `cursor`, in log order. */
export async function eventsAfter(api: TestApi, cursor: bigint): Promise<LoggedEvent[]> {
  const rows = await api.deps.db.realtimeEvent.findMany({
    where: { id: { gt: cursor } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    type: r.eventType,
    table: r.tableName,
    recordId: r.recordId,
    channels: r.channels,
    payload: r.payload as Record<string, unknown>,
    actorId: r.actorId,
  }));
}

/** Runs `work` and returns it with the events it wrote. */
export async function withEvents<T>(
  api: TestApi,
  work: () => Promise<T>,
): Promise<{ result: T; events: LoggedEvent[] }> {
  const cursor = await eventCursor(api);
  const result = await work();
  return { result, events: await eventsAfter(api, cursor) };
}
