import { SignJWT } from "jose";
import type { ServiceAuth } from "./env.ts";

// The worker's own identity towards the server: a service token (`kind: "service"`, subject
// "chatbot"), signed with the server's secret. It grants the chatbot's procedures only; to act
// for a patient the worker asks the server for that patient's token (`chat.actAs`).

export const SERVICE_NAME = "chatbot";
const TTL_SECONDS = 3600;
/** Renewed well before it runs out, so a reconnect always presents a valid one. */
const RENEW_EVERY_MS = 10 * 60_000;

export async function mintServiceToken(
  secret: string,
  issuer: string,
  now: Date,
  ttlSeconds = TTL_SECONDS,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ kind: "service" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(SERVICE_NAME)
    .setIssuer(issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The current service token, read synchronously at every request and (re)connect. */
export class ServiceToken {
  #token = "";
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly auth: ServiceAuth,
    private readonly now: () => Date,
  ) {}

  async start(): Promise<void> {
    await this.#renew();
    if ("secret" in this.auth) {
      this.#timer = setInterval(() => void this.#renew(), RENEW_EVERY_MS);
      this.#timer.unref();
    }
  }

  get = (): string => this.#token;

  stop(): void {
    clearInterval(this.#timer);
  }

  async #renew(): Promise<void> {
    this.#token =
      "token" in this.auth
        ? this.auth.token
        : await mintServiceToken(this.auth.secret, this.auth.issuer, this.now());
  }
}
