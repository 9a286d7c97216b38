import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "./tokens.ts";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const ISSUER = "https://api.dentalcare.test";
const START = new Date("2030-01-07T08:00:00Z");
const START_S = START.getTime() / 1000;

/** A token service whose clock the test moves. */
function service(options: { secret?: string; issuer?: string; jwksUrl?: string } = {}) {
  const clock = { now: START };
  const tokens = new TokenService({
    secret: options.secret ?? SECRET,
    issuer: options.issuer ?? ISSUER,
    ttlSeconds: 3600,
    now: () => clock.now,
    ...(options.jwksUrl
      ? { jwksUrl: options.jwksUrl, externalIssuer: "https://auth.external.test" }
      : {}),
  });
  return { tokens, clock };
}

describe("TokenService with its own tokens", () => {
  it("verifies a token it issued, with the user's fields", async () => {
    const { tokens } = service();
    const { token, expiresAt } = await tokens.issue({ id: "user-1", role: "dentist" });
    expect(expiresAt).toBe("2030-01-07T09:00:00.000Z");
    expect(await tokens.verify(token)).toEqual({
      ok: true,
      user: { id: "user-1", role: "dentist", expiresAt: START_S + 3600 },
    });
  });

  it("keeps the acting service of a delegated token", async () => {
    const { tokens } = service();
    const { token } = await tokens.issue(
      { id: "user-2", role: "patient" },
      { ttlSeconds: 60, actor: "chatbot" },
    );
    expect(await tokens.verify(token)).toEqual({
      ok: true,
      user: { id: "user-2", role: "patient", expiresAt: START_S + 60, actor: "chatbot" },
    });
  });

  it("does not take a user token for a service token, nor the other way round", async () => {
    const { tokens } = service();
    const user = await tokens.issue({ id: "user-1", role: "admin" });
    expect(await tokens.verifyService(user.token)).toBeNull();

    const chatbot = await tokens.issueService("chatbot", 120);
    expect(await tokens.verifyService(chatbot.token)).toEqual({
      service: "chatbot",
      expiresAt: START_S + 120,
    });
    expect(await tokens.verify(chatbot.token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("reports an expired token from the second its exp is reached", async () => {
    const { tokens, clock } = service();
    const { token } = await tokens.issue({ id: "user-1", role: "patient" });
    const chatbot = await tokens.issueService("chatbot", 3600);

    clock.now = new Date((START_S + 3599) * 1000 + 999);
    expect(await tokens.verify(token)).toMatchObject({ ok: true });
    expect(await tokens.verifyService(chatbot.token)).not.toBeNull();

    clock.now = new Date((START_S + 3600) * 1000);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "expired" });
    expect(await tokens.verifyService(chatbot.token)).toBeNull();
  });

  it("refuses tokens signed with another secret, for another issuer or altered", async () => {
    const { tokens } = service();
    const other = await service({ secret: `${SECRET}-other` }).tokens.issue({
      id: "user-1",
      role: "admin",
    });
    const elsewhere = await service({ issuer: "https://elsewhere.test" }).tokens.issue({
      id: "user-1",
      role: "admin",
    });
    const own = await tokens.issue({ id: "user-1", role: "patient" });
    const [header, , signature] = own.token.split(".");
    const promoted = Buffer.from(
      JSON.stringify({ sub: "user-1", role: "admin", iss: ISSUER, exp: START_S + 3600 }),
    ).toString("base64url");

    for (const token of [other.token, elsewhere.token, `${header}.${promoted}.${signature}`]) {
      expect(await tokens.verify(token)).toEqual({ ok: false, reason: "invalid" });
      expect(await tokens.verifyService(token)).toBeNull();
    }
  });

  it("refuses a validly signed token whose role is unknown", async () => {
    const { tokens } = service();
    const token = await new SignJWT({ role: "superuser" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("user-1")
      .setIssuer(ISSUER)
      .setExpirationTime(START_S + 60)
      .sign(Buffer.from(SECRET, "utf8"));
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("TokenService with an external issuer", () => {
  let server: Server;
  let jwksUrl: string;
  let requests = 0;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    server = createServer((_req, res) => {
      requests += 1;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function external(claims: Record<string, unknown>, exp: number) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setSubject("ext-user")
      .setIssuer("https://auth.external.test")
      .setExpirationTime(exp)
      .sign(privateKey);
  }

  it("falls back to the key set for tokens that are not its own", async () => {
    const { tokens } = service({ jwksUrl });
    const token = await external({ app_metadata: { role: "patient" } }, START_S + 60);
    expect(await tokens.verify(token)).toEqual({
      ok: true,
      user: { id: "ext-user", role: "patient", expiresAt: START_S + 60 },
    });
    expect(await tokens.verify(await external({ role: "dentist" }, START_S + 60))).toMatchObject({
      ok: true,
      user: { role: "dentist" },
    });
    expect(await tokens.verify(await external({ role: "dentist" }, START_S))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await tokens.verifyService(token)).toBeNull();
  });

  it("answers for its own expired tokens without asking the key set", async () => {
    const { tokens, clock } = service({ jwksUrl });
    const own = await tokens.issue({ id: "user-1", role: "patient" });
    expect(await tokens.verify(own.token)).toMatchObject({ ok: true });
    const before = requests;
    clock.now = new Date((START_S + 3600) * 1000);
    expect(await tokens.verify(own.token)).toEqual({ ok: false, reason: "expired" });
    expect(requests).toBe(before);
  });
});
