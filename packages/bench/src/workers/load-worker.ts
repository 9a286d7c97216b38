import { runBookings, runRaces } from "./bookers.ts";
import type { Envelope, Reply, Request } from "./protocol.ts";
import { SubscriberSet } from "./subscribers.ts";

// A load-generator process: holds WebSocket subscribers and/or sends bookings, on command
// from the orchestrator. It exits when the orchestrator goes away.

const subscribers = new SubscriberSet();

async function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case "connect":
      return subscribers.connect(request.args);
    case "resubscribe":
      return subscribers.resubscribe(request.args);
    case "phaseStart":
      return subscribers.phaseStart(request.args);
    case "phaseProgress":
      return { deliveries: subscribers.progress() };
    case "phaseEnd":
      return subscribers.phaseEnd();
    case "disconnect":
      return subscribers.disconnect();
    case "book":
      return runBookings(request.args);
    case "race":
      return runRaces(request.args);
  }
}

function reply(message: Reply): void {
  process.send?.(message);
}

process.on("message", (message: Envelope) => {
  handle(message.request).then(
    (result) => reply({ id: message.id, ok: true, result: result ?? null }),
    (error: unknown) =>
      reply({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
