import { createSecretKey, type KeyObject } from "node:crypto";
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { Role } from "../schemas/common.ts";
import { verifyHs256 } from "./hs256.ts";

export interface AuthUser {
  id: string;
  role: Role;
  /** Seconds since the epoch when the token stops being valid. */
  expiresAt: number;
  /** Set when a service (e.g. the chatbot) holds this token on the user's behalf. */
  actor?: string;
}

export interface TokenOptions {
  secret: string;
  issuer: string;
  ttlSeconds: number;
  /** Tokens from an external issuer (e.g. Supabase Auth) are accepted when set. */
  jwksUrl?: string;
  externalIssuer?: string;
  now?: () => Date;
}

export type VerifyResult =
  | { ok: true; user: AuthUser }
  | { ok: false; reason: "invalid" | "expired" };

const ROLES = new Set<string>(["admin", "dentist", "patient"]);

/** The system's own processes that may authenticate as themselves. */
const SERVICES = new Set<string>(["chatbot"]);

export interface ServicePrincipal {
  service: string;
  /** Seconds since the epoch when the token stops being valid. */
  expiresAt: number;
}

function toUser(payload: JWTPayload): AuthUser | null {
  const role = typeof payload.role === "string" ? payload.role : undefined;
  if (!payload.sub || !role || !ROLES.has(role) || typeof payload.exp !== "number") return null;
  const act = payload.act as { sub?: unknown } | undefined;
  return {
    id: payload.sub,
    role: role as Role,
    expiresAt: payload.exp,
    ...(typeof act?.sub === "string" ? { actor: act.sub } : {}),
  };
}

export class TokenService {
  readonly #key: KeyObject;
  readonly #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  readonly #now: () => Date;

  constructor(private readonly options: TokenOptions) {
    // A key object, made once: given raw bytes, the JWT library imports the key again on
    // every signature.
    this.#key = createSecretKey(Buffer.from(options.secret, "utf8"));
    this.#jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * `actor` marks a token issued to a service acting for the user (RFC 8693 `act` claim); it
   * carries exactly the user's rights, usually for a shorter `ttlSeconds`.
   */
  async issue(
    user: { id: string; role: Role },
    options: { ttlSeconds?: number; actor?: string } = {},
  ): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(this.#now().getTime() / 1000);
    const exp =
      iat + Math.min(options.ttlSeconds ?? this.options.ttlSeconds, this.options.ttlSeconds);
    const claims = options.actor
      ? { role: user.role, act: { sub: options.actor } }
      : { role: user.role };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setIssuer(this.options.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** A token for one of the system's own services (no user, no role); see `verifyService`. */
  async issueService(
    service: string,
    ttlSeconds = this.options.ttlSeconds,
  ): Promise<{ token: string; expiresAt: string }> {
    if (!SERVICES.has(service)) throw new RangeError(`Unknown service: ${service}`);
    const iat = Math.floor(this.#now().getTime() / 1000);
    const exp = iat + ttlSeconds;
    const token = await new SignJWT({ kind: "service" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(service)
      .setIssuer(this.options.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Only tokens signed with our own secret can be service tokens, never external ones. */
  async verifyService(token: string): Promise<ServicePrincipal | null> {
    const result = verifyHs256(token, this.#key, {
      issuer: this.options.issuer,
      currentDate: this.#now(),
    });
    if (!result.ok) return null;
    const { payload } = result;
    if (payload.kind !== "service" || typeof payload.exp !== "number") return null;
    if (!payload.sub || !SERVICES.has(payload.sub)) return null;
    return { service: payload.sub, expiresAt: payload.exp };
  }

  async verify(token: string): Promise<VerifyResult> {
    const currentDate = this.#now();
    const own = verifyHs256(token, this.#key, { issuer: this.options.issuer, currentDate });
    if (own.ok) {
      const user = toUser(own.payload);
      return user ? { ok: true, user } : { ok: false, reason: "invalid" };
    }
    if (own.reason === "expired" || !this.#jwks) return { ok: false, reason: own.reason };
    try {
      const { payload } = await jwtVerify(token, this.#jwks, {
        ...(this.options.externalIssuer ? { issuer: this.options.externalIssuer } : {}),
        currentDate,
      });
      // External issuers keep the role in app metadata (Supabase) or a plain claim.
      const meta = payload.app_metadata as { role?: unknown } | undefined;
      const user = toUser({ ...payload, role: meta?.role ?? payload.role });
      return user ? { ok: true, user } : { ok: false, reason: "invalid" };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }
}
