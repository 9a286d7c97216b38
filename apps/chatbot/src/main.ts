import { pino } from "pino";
import { buildWorker } from "./app.ts";
import { readEnv } from "./env.ts";

// Process entry. The worker may start before the server: it waits for /health, and its
// WebSocket reconnects (and resumes) by itself afterwards. SIGINT/SIGTERM finish the turns in
// progress and stop.

const env = readEnv();
const log = pino({ level: env.logLevel, base: { service: "dentalcare-chatbot" } });

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}/health`);
      await res.body?.cancel();
      return;
    } catch {
      if (attempt === 0) log.info({ url }, "waiting for the server");
      await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** Math.min(attempt, 4))));
    }
  }
}

async function main() {
  const { worker } = buildWorker({
    serverUrl: env.serverUrl,
    auth: env.auth,
    log,
    ...(env.timeZone ? { timeZone: env.timeZone } : {}),
    ...(env.llm ? { llm: env.llm } : {}),
  });
  await waitForServer(env.serverUrl);
  await worker.start();
  log.info(
    { server: env.serverUrl, language: env.llm ? `llm:${env.llm.model}` : "deterministic" },
    "booking assistant listening",
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    worker
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, "stopping failed");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "the booking assistant could not start");
  process.exit(1);
});
