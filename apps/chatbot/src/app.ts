import type { Logger } from "pino";
import { type Assistant, DialogueAssistant } from "./assistant.ts";
import { Catalog } from "./catalog.ts";
import type { LlmSettings, ServiceAuth } from "./env.ts";
import { LlmAssistant } from "./llm/assistant.ts";
import { SlotCache } from "./slot-cache.ts";
import { ChatWorker } from "./worker.ts";

// Puts a worker together: the slot cache, the clinic catalog, and the language layer chosen
// by configuration (the deterministic dialogue unless a language model is configured).

export interface BuildOptions {
  serverUrl: string;
  auth: ServiceAuth;
  log: Logger;
  timeZone?: string;
  llm?: LlmSettings;
  clock?: { now(): Date };
}

export function buildWorker(options: BuildOptions): {
  worker: ChatWorker;
  cache: SlotCache;
  assistant: Assistant;
} {
  const cache = new SlotCache();
  const catalog = new Catalog(options.timeZone ? { timeZone: options.timeZone } : {});
  const assistant: Assistant = options.llm
    ? new LlmAssistant(options.llm, catalog)
    : new DialogueAssistant(catalog, cache);
  const worker = new ChatWorker({
    serverUrl: options.serverUrl,
    auth: options.auth,
    log: options.log,
    assistant,
    cache,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { worker, cache, assistant };
}
