import type { IncomingMessage } from "node:http";
import { AppError } from "../errors.ts";

export const MAX_BODY_BYTES = 100 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${limit} bytes`, {
    limitBytes: limit,
  });
}

function invalidBody(message: string, problem: string): AppError {
  return new AppError("VALIDATION_ERROR", message, { fields: { "(body)": [problem] } });
}

function isJsonContentType(value: string | undefined): boolean {
  const type = value?.split(";", 1)[0]?.trim().toLowerCase();
  return type === "application/json" || (type?.endsWith("+json") ?? false);
}

/** The raw body; over the limit → 413 PAYLOAD_TOO_LARGE (a declared length is checked first). */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Answer at once but keep draining: destroying the request would also drop the socket
      // and the client would never see the 413.
      cleanup();
      req.resume();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * Reads a JSON object body. Empty → undefined; over the limit → 413 PAYLOAD_TOO_LARGE;
 * not JSON, malformed, or not an object → 400 VALIDATION_ERROR naming the body.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown> | undefined> {
  const raw = await readRawBody(req, limit);
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  if (!isJsonContentType(req.headers["content-type"])) {
    throw invalidBody("Content-Type must be application/json", "must be sent as application/json");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidBody("Malformed JSON body", "is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidBody("Request body must be a JSON object", "must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}
