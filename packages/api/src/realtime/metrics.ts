import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ChannelKind } from "./channels.ts";
import type { ChangeEvent } from "./event-types.ts";

/** The real-time figures /metrics exposes (requirement 10), in one registry per server. */
export class LiveMetrics {
  readonly registry = new Registry();
  readonly eventLatency = new Histogram({
    name: "dentalcare_event_publish_latency_seconds",
    help: "Time from writing a change event (inside its transaction) to handing it to subscribers",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly eventsPublished = new Counter({
    name: "dentalcare_events_published_total",
    help: "Change events handed to subscribers, by event type",
    labelNames: ["type"],
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: "dentalcare_event_deliveries_total",
    help: "Events yielded to subscriptions (one event can reach many subscriptions)",
    registers: [this.registry],
  });
  readonly connectedClients = new Gauge({
    name: "dentalcare_connected_clients",
    help: "Open real-time connections, by transport",
    labelNames: ["transport"],
    registers: [this.registry],
  });
  readonly activeSubscriptions = new Gauge({
    name: "dentalcare_active_subscriptions",
    help: "Open subscriptions, by channel kind",
    labelNames: ["kind"],
    registers: [this.registry],
  });
  readonly slowConsumersDropped = new Counter({
    name: "dentalcare_slow_consumers_disconnected_total",
    help: "Subscribers disconnected because they fell too far behind",
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: "dentalcare_http_request_duration_seconds",
    help: "HTTP request durations, by surface and status",
    labelNames: ["surface", "status"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  published(events: ChangeEvent[], now = Date.now()): void {
    for (const e of events) {
      this.eventsPublished.inc({ type: e.type });
      this.eventLatency.observe(Math.max(0, now - Date.parse(e.createdAt)) / 1000);
    }
  }

  subscriptionOpened(kind: ChannelKind): () => void {
    this.activeSubscriptions.inc({ kind });
    let open = true;
    return () => {
      if (open) this.activeSubscriptions.dec({ kind });
      open = false;
    };
  }
}
