import { z } from "zod";

// The worker's whole configuration, read and validated here and nowhere else.

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where the server is; the worker talks to it like any other client. */
  SERVER_URL: z.url().default("http://127.0.0.1:3000"),
  /** The server's signing secret: the worker mints its own short-lived service tokens. */
  JWT_SECRET: z.string().optional(),
  /** Or a service token minted elsewhere (then JWT_SECRET is not needed). */
  CHATBOT_SERVICE_TOKEN: z.string().optional(),
  JWT_ISSUER: z.string().default("dentalcare-sync"),
  /** How the patient's "tomorrow at 10" is read; default: the zone most dentists work in. */
  CHATBOT_TIME_ZONE: z.string().optional(),
  /** An OpenAI-compatible chat-completions server (hosted, or local such as llama.cpp). */
  CHATBOT_LLM_URL: z.url().optional(),
  CHATBOT_LLM_MODEL: z.string().default("local-model"),
  CHATBOT_LLM_API_KEY: z.string().optional(),
  CHATBOT_LLM_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
});

export type ServiceAuth = { secret: string; issuer: string } | { token: string };

export interface LlmSettings {
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface WorkerEnv {
  serverUrl: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  auth: ServiceAuth;
  timeZone?: string;
  llm?: LlmSettings;
}

// The server's own development default, so `pnpm start` works with no configuration at all.
const DEV_SECRET = "development-only-secret-change-me-please-0123456789";

export function readEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  let auth: ServiceAuth;
  if (env.CHATBOT_SERVICE_TOKEN) auth = { token: env.CHATBOT_SERVICE_TOKEN };
  else {
    const secret = env.JWT_SECRET ?? (env.NODE_ENV === "production" ? undefined : DEV_SECRET);
    if (!secret) throw new Error("Set JWT_SECRET (the server's) or CHATBOT_SERVICE_TOKEN");
    auth = { secret, issuer: env.JWT_ISSUER };
  }
  return {
    serverUrl: env.SERVER_URL.replace(/\/+$/, ""),
    logLevel: env.LOG_LEVEL,
    auth,
    ...(env.CHATBOT_TIME_ZONE ? { timeZone: env.CHATBOT_TIME_ZONE } : {}),
    ...(env.CHATBOT_LLM_URL
      ? {
          llm: {
            url: env.CHATBOT_LLM_URL.replace(/\/+$/, ""),
            model: env.CHATBOT_LLM_MODEL,
            ...(env.CHATBOT_LLM_API_KEY ? { apiKey: env.CHATBOT_LLM_API_KEY } : {}),
            timeoutMs: env.CHATBOT_LLM_TIMEOUT_MS,
          },
        }
      : {}),
  };
}

const cliSchema = z.object({
  SERVER_URL: z.url().default("http://127.0.0.1:3000"),
  CHAT_EMAIL: z.string().default("patient01@demo.clinic"),
  CHAT_PASSWORD: z.string().default("demo1234"),
});

/** The terminal chat (`pnpm chat`): whom to sign in as; `--email`/`--password` override. */
export function readCliEnv(
  argv: string[],
  source: NodeJS.ProcessEnv = process.env,
): { serverUrl: string; email: string; password: string } {
  const parsed = cliSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment: ${parsed.error.message}`);
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    serverUrl: parsed.data.SERVER_URL.replace(/\/+$/, ""),
    email: flag("email") ?? parsed.data.CHAT_EMAIL,
    password: flag("password") ?? parsed.data.CHAT_PASSWORD,
  };
}
