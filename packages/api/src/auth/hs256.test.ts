import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { errors, type JWTHeaderParameters, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { type Hs256Result, verifyHs256 } from "./hs256.ts";

// Our synchronous check must give every token the verdict the JWT library gives it with the
// options the token service used to pass: same acceptance, same "expired", same payload.

const ISSUER = "https://api.dentalcare.test";
const KEY = createSecretKey(Buffer.from("a-test-secret-that-is-long-enough-0123456789", "utf8"));
const OTHER_KEY = createSecretKey(
  Buffer.from("another-secret-that-is-long-enough-987654321", "utf8"),
);
// Not on a whole second: both sides must round the clock down the same way.
const CURRENT_DATE = new Date("2030-01-07T08:00:00.750Z");
const NOW = Math.floor(CURRENT_DATE.getTime() / 1000);
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

async function libraryVerdict(token: string): Promise<Hs256Result> {
  try {
    const { payload } = await jwtVerify(token, KEY, {
      issuer: ISSUER,
      algorithms: ["HS256"],
      currentDate: CURRENT_DATE,
    });
    return { ok: true, payload };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

function ourVerdict(token: string): Hs256Result {
  return verifyHs256(token, KEY, { issuer: ISSUER, currentDate: CURRENT_DATE });
}

function verdictName(result: Hs256Result): "ok" | "invalid" | "expired" {
  return result.ok ? "ok" : result.reason;
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString("base64url");
const json = (value: unknown) => b64(JSON.stringify(value));

function hmac(signingInput: string, key: KeyObject = KEY): string {
  return createHmac("sha256", key).update(signingInput).digest("base64url");
}

/** Signs whatever segments it is given, so malformed tokens still carry a valid signature. */
function signed(header: string, payload: string, key: KeyObject = KEY): string {
  return `${header}.${payload}.${hmac(`${header}.${payload}`, key)}`;
}

const HS256 = json({ alg: "HS256" });

/** Appends characters until one is left over after the last whole group of four. */
function dangle(segment: string): string {
  return segment + "A".repeat((((1 - segment.length) % 4) + 4) % 4);
}

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: "user-1", role: "patient", iss: ISSUER, iat: NOW - 10, exp: NOW + 600, ...extra };
}

async function library(
  payload: JWTPayload,
  header: JWTHeaderParameters = { alg: "HS256" },
  key: KeyObject = KEY,
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key);
}

function withSegment(token: string, index: number, replace: (segment: string) => string): string {
  const parts = token.split(".");
  parts[index] = replace(parts[index] ?? "");
  return parts.join(".");
}

/** Swaps the character at `index` for another one of the alphabet. */
function flip(segment: string, index: number): string {
  const char = segment[index] === "A" ? "B" : "A";
  return segment.slice(0, index) + char + segment.slice(index + 1);
}

type Verdict = "ok" | "invalid" | "expired";

async function cases(): Promise<[string, string, Verdict][]> {
  const valid = await library(claims());
  const [, validPayload = "", validSignature = ""] = valid.split(".");
  // 32 bytes take 43 characters, whose last 2 bits are unused: decoding ignores them.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const lastBits = alphabet.indexOf(validSignature.at(-1) ?? "");
  const sameBytes = validSignature.slice(0, -1) + alphabet.charAt(lastBits ^ 1);
  // A payload whose encoding needs padding, so that a padded text can be signed.
  const padded =
    ["", "a", "ab"]
      .map((x) => b64(JSON.stringify(claims({ x }))))
      .map((s) => s + "=".repeat((4 - (s.length % 4)) % 4))
      .find((s) => s.endsWith("=")) ?? "";

  return [
    ["valid", valid, "ok"],
    ["valid, typ JWT", await library(claims(), { alg: "HS256", typ: "JWT" }), "ok"],
    ["valid, unusual typ", await library(claims(), { alg: "HS256", typ: "foo/bar" }), "ok"],
    ["valid, hand-made", signed(HS256, json(claims())), "ok"],
    ["tampered payload", withSegment(valid, 1, () => json(claims({ role: "admin" }))), "invalid"],
    ["payload with one character changed", withSegment(valid, 1, (s) => flip(s, 20)), "invalid"],
    ["tampered signature", withSegment(valid, 2, (s) => flip(s, 10)), "invalid"],
    ["signature truncated", withSegment(valid, 2, (s) => s.slice(0, -2)), "invalid"],
    ["signature extended", withSegment(valid, 2, (s) => `${s}AAAA`), "invalid"],
    ["signature empty", withSegment(valid, 2, () => ""), "invalid"],
    ["signature in standard base64", withSegment(valid, 2, () => "+/+/"), "invalid"],
    ["signature with unused bits set", withSegment(valid, 2, () => sameBytes), "ok"],
    ["signature padded", `${valid}=`, "ok"],
    ["signature over-padded", `${valid}==`, "invalid"],
    [
      "signature with whitespace",
      withSegment(valid, 2, (s) => `${s.slice(0, 5)} \n${s.slice(5)}`),
      "ok",
    ],
    ["other secret", await library(claims(), { alg: "HS256" }, OTHER_KEY), "invalid"],
    ["other secret, hand-made", signed(HS256, json(claims()), OTHER_KEY), "invalid"],
    ["alg none, no signature", `${json({ alg: "none" })}.${json(claims())}.`, "invalid"],
    ["alg none, signed", signed(json({ alg: "none" }), json(claims())), "invalid"],
    ["alg missing", signed(json({ typ: "JWT" }), json(claims())), "invalid"],
    ["alg in lower case", signed(json({ alg: "hs256" }), json(claims())), "invalid"],
    ["alg HS512", await library(claims(), { alg: "HS512" }), "invalid"],
    ["alg HS384", await library(claims(), { alg: "HS384" }), "invalid"],
    [
      "alg HS512 header, HS256 signature",
      signed(json({ alg: "HS512" }), json(claims())),
      "invalid",
    ],
    [
      "crit unknown",
      signed(json({ alg: "HS256", crit: ["exp"], exp: 1 }), json(claims())),
      "invalid",
    ],
    ["crit empty", signed(json({ alg: "HS256", crit: [] }), json(claims())), "invalid"],
    [
      "crit not an array",
      signed(json({ alg: "HS256", crit: "b64", b64: true }), json(claims())),
      "invalid",
    ],
    ["crit null", signed(json({ alg: "HS256", crit: null }), json(claims())), "invalid"],
    [
      "crit b64, b64 missing",
      signed(json({ alg: "HS256", crit: ["b64"] }), json(claims())),
      "invalid",
    ],
    [
      "crit b64, b64 false",
      signed(json({ alg: "HS256", crit: ["b64"], b64: false }), json(claims())),
      "invalid",
    ],
    [
      "crit b64, b64 not boolean",
      signed(json({ alg: "HS256", crit: ["b64"], b64: "true" }), json(claims())),
      "invalid",
    ],
    [
      "crit b64, b64 true",
      signed(json({ alg: "HS256", crit: ["b64"], b64: true }), json(claims())),
      "ok",
    ],
    [
      "crit b64 twice, b64 true",
      signed(json({ alg: "HS256", crit: ["b64", "b64"], b64: true }), json(claims())),
      "ok",
    ],
    [
      "crit b64 and another",
      signed(json({ alg: "HS256", crit: ["b64", "x"], b64: true, x: 1 }), json(claims())),
      "invalid",
    ],
    [
      "b64 false without crit is ignored",
      signed(json({ alg: "HS256", b64: false }), json(claims())),
      "ok",
    ],
    ["wrong issuer", await library(claims({ iss: "https://evil.test" })), "invalid"],
    ["issuer missing", signed(HS256, json(claims({ iss: undefined }))), "invalid"],
    ["issuer a number", signed(HS256, json(claims({ iss: 1 }))), "invalid"],
    ["issuer in an array", signed(HS256, json(claims({ iss: [ISSUER] }))), "invalid"],
    ["exp in the past", await library(claims({ exp: NOW - 1 })), "expired"],
    ["exp now", await library(claims({ exp: NOW })), "expired"],
    ["exp next second", await library(claims({ exp: NOW + 1 })), "ok"],
    ["exp within the current second", signed(HS256, json(claims({ exp: NOW + 0.5 }))), "ok"],
    ["exp missing", signed(HS256, json(claims({ exp: undefined }))), "ok"],
    ["exp a string", signed(HS256, json(claims({ exp: String(NOW + 600) }))), "invalid"],
    ["exp null", signed(HS256, json(claims({ exp: null }))), "invalid"],
    ["exp overflows to Infinity", signed(HS256, b64(`{"iss":"${ISSUER}","exp":1e400}`)), "ok"],
    [
      "exp overflows to -Infinity",
      signed(HS256, b64(`{"iss":"${ISSUER}","exp":-1e400}`)),
      "expired",
    ],
    ["exp past, wrong issuer", signed(HS256, json(claims({ exp: NOW - 1, iss: "x" }))), "invalid"],
    ["exp past, other secret", signed(HS256, json(claims({ exp: NOW - 1 })), OTHER_KEY), "invalid"],
    ["exp past, alg HS512", await library(claims({ exp: NOW - 1 }), { alg: "HS512" }), "invalid"],
    [
      "exp past, nbf future",
      signed(HS256, json(claims({ exp: NOW - 1, nbf: NOW + 1 }))),
      "invalid",
    ],
    ["exp past, iat a string", signed(HS256, json(claims({ exp: NOW - 1, iat: "x" }))), "invalid"],
    ["nbf future", await library(claims({ nbf: NOW + 1 })), "invalid"],
    ["nbf now", await library(claims({ nbf: NOW })), "ok"],
    ["nbf past", await library(claims({ nbf: NOW - 100 })), "ok"],
    ["nbf a string", signed(HS256, json(claims({ nbf: "0" }))), "invalid"],
    ["iat a string", signed(HS256, json(claims({ iat: "0" }))), "invalid"],
    ["iat null", signed(HS256, json(claims({ iat: null }))), "invalid"],
    ["iat in the future", signed(HS256, json(claims({ iat: NOW + 10_000 }))), "ok"],
    [
      "aud, sub and jti of any type",
      signed(HS256, json(claims({ aud: 3, sub: { a: 1 }, jti: [] }))),
      "ok",
    ],
    ["two segments", `${HS256}.${validPayload}`, "invalid"],
    ["four segments", `${valid}.${validSignature}`, "invalid"],
    ["empty", "", "invalid"],
    ["only dots", "..", "invalid"],
    ["payload padded and signed so", signed(HS256, padded), "ok"],
    ["payload over-padded", signed(HS256, `${json(claims())}===`), "invalid"],
    ["payload with whitespace, signed so", signed(HS256, ` ${json(claims())}\t`), "ok"],
    [
      "payload in standard base64",
      signed(HS256, Buffer.from(JSON.stringify(claims({ x: "~~~" }))).toString("base64")),
      "invalid",
    ],
    ["payload not base64", signed(HS256, "!!!!"), "invalid"],
    ["payload of one character too many", signed(HS256, `${json(claims())}AAAAA`), "invalid"],
    ["payload not ASCII", signed(HS256, `${json(claims())}é`), "invalid"],
    ["header not JSON", signed(b64("not json"), json(claims())), "invalid"],
    ["header an array", signed(json(["HS256"]), json(claims())), "invalid"],
    ["header null", signed(json(null), json(claims())), "invalid"],
    ["header not base64", signed("{}", json(claims())), "invalid"],
    // A lone last character carries no whole byte; a lenient decoder would drop it silently.
    [
      "header with a dangling character, signed so",
      signed(dangle(HS256), json(claims())),
      "invalid",
    ],
    ["payload not JSON", signed(HS256, b64("not json")), "invalid"],
    ["payload a JSON array", signed(HS256, json([claims()])), "invalid"],
    ["payload a JSON string", signed(HS256, json("claims")), "invalid"],
    ["payload null", signed(HS256, json(null)), "invalid"],
    ["payload not UTF-8", signed(HS256, b64(Buffer.from([0x7b, 0xff, 0x7d]))), "invalid"],
    [
      "payload with a byte-order mark",
      signed(HS256, b64(`\uFEFF${JSON.stringify(claims())}`)),
      "ok",
    ],
    ["payload with unicode", signed(HS256, json(claims({ name: "Zoë 🦷" }))), "ok"],
    [
      "payload with __proto__",
      signed(HS256, b64(`{"__proto__":{"iss":"x"},"iss":"${ISSUER}"}`)),
      "ok",
    ],
  ];
}

describe("verifyHs256", () => {
  it("gives every hand-picked token the library's verdict", async () => {
    const all = await cases();
    for (const [name, token, expected] of all) {
      const theirs = await libraryVerdict(token);
      // Pins each case to what it is meant to exercise, so a case that silently became
      // something else (e.g. a typo making every token invalid) does not pass unnoticed.
      expect(verdictName(theirs), name).toBe(expected);
      expect(ourVerdict(token), name).toEqual(theirs);
    }
  });

  it("gives random, partly malformed tokens the library's verdict", async () => {
    const seen = { ok: 0, invalid: 0, expired: 0 };
    // Mostly well-formed parts, so that whole tokens are often valid or expired too.
    const mostly = <T>(usual: T, ...others: T[]) =>
      fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, fc.constantFrom(...others));
    const time = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: NOW - 3, max: NOW + 3 }) },
      fc.constantFrom(undefined, "1", null, true, [], {}, NOW + 0.5, NOW - 0.5),
    );
    const claimSet = fc.record({
      iss: mostly<unknown>(ISSUER, "https://other.test", undefined, 1, [ISSUER]),
      exp: time,
      nbf: fc.oneof(fc.constant(undefined), time),
      iat: fc.oneof(fc.constant(undefined), time),
      sub: fc.jsonValue({ maxDepth: 1 }),
      aud: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
    });
    const header = fc.record({
      alg: mostly<unknown>("HS256", "HS512", "none", "", undefined, 256),
      typ: fc.constantFrom(undefined, "JWT", "at+jwt", 1),
      crit: mostly<unknown>(undefined, ["b64"], [], ["exp"], "b64", ["b64", "b64"], [""]),
      b64: fc.constantFrom(undefined, true, false, "true"),
    });
    // Applied to a segment's text before signing, so the signature still covers it.
    const reencode = mostly("none", "pad", "overpad", "space", "plus", "dangle");
    // Applied to the finished token, after signing.
    const mangle = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: "none" as const }) },
      fc.record({
        kind: fc.constantFrom("insert" as const, "replace" as const, "delete" as const),
        at: fc.nat(),
        char: fc.constantFrom("A", "a", "-", "_", "=", " ", "\n", ".", "+", "/", "é"),
      }),
    );

    const fromRecord = (record: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
    const applyEncoding = (segment: string, how: string): string => {
      const padding = "=".repeat((4 - (segment.length % 4)) % 4);
      if (how === "pad") return segment + padding;
      if (how === "overpad") return `${segment}${padding}==`;
      if (how === "space") return `${segment.slice(0, 3)} ${segment.slice(3)}`;
      if (how === "plus") return segment.replace(/-/g, "+");
      if (how === "dangle") return dangle(segment);
      return segment;
    };

    await fc.assert(
      fc.asyncProperty(
        header,
        fc.oneof(
          { weight: 5, arbitrary: claimSet },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        ),
        mostly(KEY, OTHER_KEY),
        reencode,
        reencode,
        mangle,
        async (h, c, key, headerEncoding, payloadEncoding, m) => {
          const payload =
            typeof c === "object" && c !== null && !Array.isArray(c) ? fromRecord(c) : c;
          const headerSegment = applyEncoding(json(fromRecord(h)), headerEncoding);
          const payloadSegment = applyEncoding(json(payload), payloadEncoding);
          let token = signed(headerSegment, payloadSegment, key);
          if (m.kind !== "none") {
            const at = m.at % (token.length + 1);
            const tail = token.slice(m.kind === "insert" ? at : at + 1);
            token = token.slice(0, at) + (m.kind === "delete" ? "" : m.char) + tail;
          }
          const theirs = await libraryVerdict(token);
          seen[verdictName(theirs)] += 1;
          expect(ourVerdict(token)).toEqual(theirs);
        },
      ),
      { numRuns: RUNS },
    );
    // The generator must actually reach every verdict for the comparison to mean anything.
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.expired).toBeGreaterThan(0);
    expect(seen.invalid).toBeGreaterThan(0);
  });

  it("refuses a clock that is not a date, as the library does", async () => {
    const token = signed(HS256, json(claims()));
    const badDate = new Date(Number.NaN);
    const theirs = await jwtVerify(token, KEY, { issuer: ISSUER, currentDate: badDate }).then(
      () => "ok",
      () => "invalid",
    );
    expect(theirs).toBe("invalid");
    expect(verifyHs256(token, KEY, { issuer: ISSUER, currentDate: badDate })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});
