import type { RouterOutputs } from "@dentalcare/api";
import { errorBodyOf } from "@dentalcare/client";
import type { Api } from "./clients.ts";
import type { Perform } from "./dialogue/run.ts";
import type {
  Action,
  ActionResult,
  AppointmentBrief,
  Facts,
  Failure,
  Offer,
  SlotQuery,
} from "./dialogue/types.ts";
import { addDays } from "./language/index.ts";
import type { SlotCache } from "./slot-cache.ts";

// The dialogue's actions as typed procedure calls, made with the patient's own token: the
// server applies to the assistant exactly the rules it applies to the patient app.

const MAX_SEARCH_DAYS = 31;
const DEFAULT_MINUTES = 30;
const REASON = "Cancelled through the booking assistant";

type AppointmentView = RouterOutputs["appointments"]["create"];

export function brief(a: AppointmentView): AppointmentBrief {
  return {
    id: a.id,
    dentistId: a.dentistId,
    dentistName: a.dentistName,
    typeId: a.typeId,
    typeName: a.typeName,
    startsAt: a.startsAt,
    status: a.status,
  };
}

function failure(error: unknown): { kind: "failed"; reason: Failure; message: string } {
  const body = errorBodyOf(error);
  const message = body?.message ?? (error instanceof Error ? error.message : "unknown error");
  let reason: Failure = "other";
  if (body?.code === "SLOT_UNAVAILABLE") reason = "taken";
  else if (body?.code === "CANCELLATION_WINDOW_EXPIRED") reason = "window";
  else if (body?.code === "CONFLICT" && body.details && "maxHoldsPerPatient" in body.details)
    reason = "limit";
  return { kind: "failed", reason, message };
}

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

function inWindow(minutes: number, q: SlotQuery): boolean {
  if (q.timeFrom !== undefined && q.timeFrom === q.timeTo) return minutes === q.timeFrom;
  return (
    (q.timeFrom === undefined || minutes >= q.timeFrom) &&
    (q.timeTo === undefined || minutes < q.timeTo)
  );
}

export interface ActionContext {
  api: Api;
  cache: SlotCache;
  /** The patient acted for; their own holds do not hide slots from them. */
  patientId: string;
  facts: Facts;
}

async function findSlots(ctx: ActionContext, q: SlotQuery): Promise<ActionResult> {
  const found: Offer[] = [];
  const length = q.typeId ?? `${DEFAULT_MINUTES}m`;
  let date = q.dateFrom;
  for (let day = 0; day < MAX_SEARCH_DAYS && date <= q.dateTo; day++, date = addDays(date, 1)) {
    const day$ = date;
    const perDentist = await Promise.all(
      q.dentistIds.map((dentistId) =>
        ctx.cache
          .get({ viewer: ctx.patientId, dentistId, date: day$, length }, async () => {
            const r = await ctx.api.availability.slots.query(
              q.typeId
                ? { dentistId, date: day$, typeId: q.typeId }
                : { dentistId, date: day$, durationMinutes: DEFAULT_MINUTES },
            );
            return r.slots;
          })
          .then((slots) => slots.map((s) => ({ ...s, dentistId }))),
      ),
    );
    for (const s of perDentist.flat()) {
      if (!inWindow(minutesOf(s.localTime), q) || q.exclude?.includes(s.startsAt)) continue;
      found.push({
        dentistId: s.dentistId,
        typeId: q.typeId,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
      });
    }
    if (found.length >= q.limit) break;
  }
  const order = new Map(q.dentistIds.map((id, i) => [id, i]));
  found.sort(
    (a, b) =>
      a.startsAt.localeCompare(b.startsAt) ||
      (order.get(a.dentistId) ?? 0) - (order.get(b.dentistId) ?? 0),
  );
  return { kind: "slots", offers: found };
}

async function hold(ctx: ActionContext, offer: Offer & { typeId: string }): Promise<ActionResult> {
  const r = await ctx.api.reservations.hold.mutate({
    dentistId: offer.dentistId,
    startsAt: offer.startsAt,
    typeId: offer.typeId,
  });
  return { kind: "held", reservationId: r.id, expiresAt: r.expiresAt };
}

/** An earlier attempt at this very booking that went through (e.g. before a restart). */
async function alreadyBooked(
  ctx: ActionContext,
  offer: Offer,
): Promise<AppointmentView | undefined> {
  const page = await ctx.api.appointments.list.query({
    dateFrom: offer.startsAt,
    dateTo: offer.startsAt,
    dentistId: offer.dentistId,
    status: ["pending", "confirmed"],
  });
  return page.data.find((a) => a.source === "chatbot" && a.startsAt === offer.startsAt);
}

async function book(
  ctx: ActionContext,
  offer: Offer & { typeId: string },
  reservationId: string,
): Promise<ActionResult> {
  const create = (id: string) =>
    ctx.api.appointments.create.mutate({
      dentistId: offer.dentistId,
      typeId: offer.typeId,
      startsAt: offer.startsAt,
      reservationId: id,
      source: "chatbot",
    });
  try {
    return { kind: "booked", appointment: brief(await create(reservationId)) };
  } catch (error) {
    if (errorBodyOf(error)?.code !== "SLOT_UNAVAILABLE") throw error;
    const done = await alreadyBooked(ctx, offer);
    if (done) return { kind: "booked", appointment: brief(done) };
    // The hold lapsed while the patient thought it over; the time may well still be free.
    const again = await hold(ctx, offer);
    if (again.kind !== "held") return again;
    return { kind: "booked", appointment: brief(await create(again.reservationId)) };
  }
}

async function run(ctx: ActionContext, action: Action): Promise<ActionResult> {
  const api = ctx.api;
  switch (action.kind) {
    case "findSlots":
      return findSlots(ctx, action.query);
    case "hold":
      return hold(ctx, action.offer);
    case "release":
      await api.reservations.release.mutate({ id: action.reservationId });
      return { kind: "released" };
    case "book":
      return book(ctx, action.offer, action.reservationId);
    case "move": {
      const moved = await api.appointments.update.mutate({
        id: action.appointment.id,
        startsAt: action.offer.startsAt,
      });
      return { kind: "moved", appointment: brief(moved) };
    }
    case "cancel":
      return {
        kind: "cancelled",
        appointment: brief(
          await api.appointments.cancel.mutate({ id: action.appointment.id, reason: REASON }),
        ),
      };
    case "listAppointments": {
      const page = await api.appointments.list.query({
        status: ["pending", "confirmed"],
        dateFrom: ctx.facts.now.toISOString(),
        limit: 50,
      });
      return { kind: "appointments", appointments: page.data.map(brief) };
    }
  }
}

export function performer(ctx: ActionContext): Perform {
  return async (action) => {
    try {
      return await run(ctx, action);
    } catch (error) {
      // Giving a hold back that already lapsed is not worth a word to the patient.
      if (action.kind === "release") return { kind: "released" };
      return failure(error);
    }
  };
}
