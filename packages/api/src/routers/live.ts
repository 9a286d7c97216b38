import { type TrackedEnvelope, tracked } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../context.ts";
import {
  appointmentChannels,
  availabilityChannels,
  profileChannels,
  slotChannels,
} from "../realtime/access.ts";
import type { ChannelKind } from "../realtime/channels.ts";
import { type StreamItem, streamEvents } from "../realtime/stream.ts";
import { id } from "../schemas/common.ts";
import { authedProcedure, router, signedInProcedure } from "../trpc.ts";

// Live updates. Each subscription resumes after `lastEventId` (sent back automatically by
// tRPC's links for tracked events), so a client that was away gets what it missed.
// Procedures return the stream itself rather than delegating to it from a generator of their
// own: every suspended generator layer costs memory on each of thousands of open subscriptions.

const resumable = z.object({ lastEventId: z.string().max(20).nullish() });
const DEFAULT_MAX_QUEUE = 1_000;

/** Streams `channelList` to one subscriber as tracked events (also used by the chat router). */
export function live(
  ctx: Context,
  kind: ChannelKind,
  channelList: string[],
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<TrackedEnvelope<StreamItem>> {
  const { metrics, log, hub } = ctx.deps;
  // Slot and schedule channels are open to every signed-in user: who held or booked a slot
  // is nobody else's business, so the actor is shown there to admins only.
  const isAdmin = ctx.auth.status === "authenticated" && ctx.auth.user.role === "admin";
  const hideActor = (kind === "slots" || kind === "availability") && !isAdmin;
  const direct = ctx.direct;
  return streamEvents({
    hub,
    channels: channelList,
    lastEventId,
    signal,
    maxQueue: DEFAULT_MAX_QUEUE,
    onOverflow: () => {
      metrics?.slowConsumersDropped.inc();
      log.warn({ requestId: ctx.requestId, kind }, "slow subscriber cut off; it will replay");
      ctx.terminate?.();
    },
    track: () => metrics?.subscriptionOpened(kind),
    present: (item) => {
      metrics?.deliveries.inc();
      return tracked(item.id, hideActor && "actorId" in item ? { ...item, actorId: null } : item);
    },
    ...(direct
      ? {
          direct: {
            marker: (handoff) => handoff.envelope(),
            open: (prefix: string, last: bigint) =>
              direct.fanout.open(direct.socket, prefix, { channels: channelList, hideActor, last }),
          },
        }
      : {}),
  });
}

export const liveRouter = router({
  /** Appointment changes: a patient's own, a dentist's own, or (admins) any scope. */
  onAppointments: authedProcedure
    .input(resumable.extend({ dentistId: id.optional(), patientId: id.optional() }))
    .subscription(({ ctx, input, signal }) =>
      live(ctx, "appointments", appointmentChannels(ctx.user, input), input.lastEventId, signal),
    ),

  /** Weekly schedule and exception changes, for one dentist or all (users and services). */
  onAvailability: signedInProcedure
    .input(resumable.extend({ dentistId: id.optional() }))
    .subscription(({ ctx, input, signal }) =>
      live(ctx, "availability", availabilityChannels(input), input.lastEventId, signal),
    ),

  /** Slots taken or freed (holds, bookings, cancellations, schedule changes). */
  onSlots: signedInProcedure
    .input(resumable.extend({ dentistId: id.optional() }))
    .subscription(({ ctx, input, signal }) =>
      live(ctx, "slots", slotChannels(input), input.lastEventId, signal),
    ),

  /** Profile edits: a patient's own; staff see everyone's. */
  onProfiles: authedProcedure
    .input(resumable.extend({ userId: id.optional() }))
    .subscription(({ ctx, input, signal }) =>
      live(ctx, "profiles", profileChannels(ctx.user, input), input.lastEventId, signal),
    ),
});
