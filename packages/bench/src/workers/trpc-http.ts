import http from "node:http";

// One tRPC mutation over HTTP, written the way `@trpc/client`'s httpLink writes it (POST
// /trpc/<path>, the input as the JSON body, no transformer) but straight on node:http. The
// client library's links, observables, Fetch Request/Response/Headers objects and abort
// plumbing cost the booking load process about a millisecond of CPU per request; on a 2-core
// machine shared with the server and PostgreSQL that is CPU taken from the system under test.
// Requests leave from a chosen loopback address: patients reach a clinic from many addresses,
// and the server limits bookings per address.

export type MutationResult = { ok: true } | { ok: false; code: string; message: string };

const agents = new Map<string, http.Agent>();

function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, localAddress, maxSockets: 256 });
    agents.set(localAddress, agent);
  }
  return agent;
}

/** The error code the server put in tRPC's error envelope (our format: data.error.code). */
function errorOf(status: number, text: string): MutationResult {
  try {
    const body = JSON.parse(text) as {
      result?: unknown;
      error?: { message?: unknown; data?: { code?: unknown; error?: { code?: unknown } } };
    };
    if (body.error === undefined && status < 300) return { ok: true };
    const code = body.error?.data?.error?.code ?? body.error?.data?.code;
    const message = body.error?.message;
    return {
      ok: false,
      code: typeof code === "string" ? code : "TRPC_ERROR",
      message: typeof message === "string" ? message : `HTTP ${status}`,
    };
  } catch {
    return { ok: false, code: `HTTP_${status}`, message: text.slice(0, 200) };
  }
}

export interface MutationOptions {
  url: string;
  path: string;
  input: unknown;
  token: string;
  from: string;
  signal: AbortSignal;
}

export async function mutate(options: MutationOptions): Promise<MutationResult> {
  const body = JSON.stringify(options.input);
  const first = await send(options, body);
  // A kept-alive socket the server closed for idleness just as this request went out: the
  // request never reached it (Node's documented case for `reusedSocket`), so send it again on
  // a fresh socket instead of counting the harness's race as the server's error.
  if (first !== STALE_SOCKET) return first;
  const second = await send(options, body);
  return second === STALE_SOCKET
    ? { ok: false, code: "NETWORK:ECONNRESET", message: "connection reset twice" }
    : second;
}

const STALE_SOCKET = Symbol("stale socket");

function send(
  options: MutationOptions,
  body: string,
): Promise<MutationResult | typeof STALE_SOCKET> {
  return new Promise((resolve) => {
    const req = http.request(
      `${options.url}/trpc/${options.path}`,
      {
        method: "POST",
        agent: agentFor(options.from),
        signal: options.signal,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${options.token}`,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("error", (error) => resolve(networkError(error)));
        res.on("end", () => resolve(errorOf(res.statusCode ?? 0, text)));
      },
    );
    req.on("error", (error: Error & { code?: string }) => {
      resolve(req.reusedSocket && error.code === "ECONNRESET" ? STALE_SOCKET : networkError(error));
    });
    req.end(body);
  });
}

function networkError(error: Error & { code?: string }): MutationResult {
  // The run's time bound cut the request off.
  if (error.name === "AbortError") return { ok: false, code: "ABORTED", message: error.message };
  return { ok: false, code: `NETWORK:${error.code ?? error.name}`, message: error.message };
}
