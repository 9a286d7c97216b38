import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { Role } from "../schemas/common.ts";

export interface AuthUser {
  id: string;
  role: Role;
  /** Seconds since the epoch when the token stops being valid. */
  expiresAt: number;
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

function toUser(payload: JWTPayload): AuthUser | null {
  const role = typeof payload.role === "string" ? payload.role : undefined;
  if (!payload.sub || !role || !ROLES.has(role) || typeof payload.exp !== "number") return null;
  return { id: payload.sub, role: role as Role, expiresAt: payload.exp };
}

export class TokenService {
  readonly #key: Uint8Array;
  readonly #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  readonly #now: () => Date;

  constructor(private readonly options: TokenOptions) {
    this.#key = new TextEncoder().encode(options.secret);
    this.#jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
    this.#now = options.now ?? (() => new Date());
  }

  async issue(user: { id: string; role: Role }): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(this.#now().getTime() / 1000);
    const exp = iat + this.options.ttlSeconds;
    const token = await new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setIssuer(this.options.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<VerifyResult> {
    const currentDate = this.#now();
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: this.options.issuer,
        algorithms: ["HS256"],
        currentDate,
      });
      const user = toUser(payload);
      return user ? { ok: true, user } : { ok: false, reason: "invalid" };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
      if (!this.#jwks) return { ok: false, reason: "invalid" };
    }
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
