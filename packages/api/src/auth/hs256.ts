import { createHmac, type KeyObject, timingSafeEqual } from "node:crypto";
import type { JWTPayload } from "jose";

/*
 * Checks our own HS256 tokens synchronously. The JWT library verifies an HMAC through
 * WebCrypto (a thread-pool job and several promise hops), which showed up as a tenth of the
 * event loop's busy time under load. The rules below are the library's, for the options we
 * pass it (`issuer`, `algorithms: ["HS256"]`, `currentDate`, no clock tolerance), so a token is
 * accepted, refused or reported expired exactly as before; the differential test holds us to
 * that.
 */

export type Hs256Result =
  | { ok: true; payload: JWTPayload }
  | { ok: false; reason: "invalid" | "expired" };

export interface Hs256Options {
  issuer: string;
  currentDate: Date;
}

const INVALID: Hs256Result = Object.freeze({ ok: false, reason: "invalid" });
const EXPIRED: Hs256Result = Object.freeze({ ok: false, reason: "expired" });

const BASE64URL = /^[A-Za-z0-9_-]*$/;
// `fatal` because the library refuses bytes that are not UTF-8 instead of replacing them.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The library decodes base64url forgivingly (the WHATWG `atob` rules): ASCII whitespace is
 * skipped and one or two `=` may pad a whole group. The signature segment is compared by its
 * decoded bytes, not its text, so e.g. `token + "="` is the same valid token there and must be
 * here too.
 */
function decodeSegment(segment: string): Buffer | undefined {
  let data = segment;
  if (!BASE64URL.test(data)) {
    if (data.includes("+") || data.includes("/")) return undefined;
    data = data.replace(/[\t\n\f\r ]/g, "");
    if (data.length % 4 === 0) data = data.replace(/={1,2}$/, "");
    if (!BASE64URL.test(data)) return undefined;
  }
  // Buffer would decode a lone trailing character to nothing instead of failing.
  if (data.length % 4 === 1) return undefined;
  return Buffer.from(data, "base64url");
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

function acceptableHeader(header: Record<string, unknown>): boolean {
  if (header.alg !== "HS256") return false;
  const { crit } = header;
  if (crit === undefined) return true;
  // The only extension the library knows is `b64`, and a JWT must keep its payload encoded,
  // so a `crit` header passes only as `["b64", ...]` with `b64: true`.
  return (
    Array.isArray(crit) &&
    crit.length > 0 &&
    crit.every((name) => name === "b64") &&
    header.b64 === true
  );
}

export function verifyHs256(token: string, key: KeyObject, options: Hs256Options): Hs256Result {
  const segments = token.split(".");
  if (segments.length !== 3) return INVALID;
  const [encodedHeader = "", encodedPayload = "", encodedSignature = ""] = segments;

  const headerBytes = decodeSegment(encodedHeader);
  const header = headerBytes && jsonObject(headerBytes);
  if (!header || !acceptableHeader(header)) return INVALID;

  const signature = decodeSegment(encodedSignature);
  if (!signature) return INVALID;
  const expected = createHmac("sha256", key)
    .update(token.slice(0, encodedHeader.length + 1 + encodedPayload.length))
    .digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return INVALID;
  }

  const payloadBytes = decodeSegment(encodedPayload);
  const claims = payloadBytes && jsonObject(payloadBytes);
  if (!claims || claims.iss !== options.issuer) return INVALID;

  const now = Math.floor(options.currentDate.getTime() / 1000);
  if (!Number.isFinite(now)) return INVALID;
  const { iat, nbf, exp } = claims;
  if (iat !== undefined && typeof iat !== "number") return INVALID;
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > now)) return INVALID;
  if (exp !== undefined && typeof exp !== "number") return INVALID;
  // Last: "expired" means every other check passed.
  if (exp !== undefined && exp <= now) return EXPIRED;
  return { ok: true, payload: claims as JWTPayload };
}
