import http from "node:http";

// A fetch for the booking clients on node:http keep-alive agents, one per loopback source
// address. Patients reach a clinic from many addresses, and the server limits bookings per
// address; sending every booking from 127.0.0.1 would measure that limit instead of the server.

const agents = new Map<string, http.Agent>();

function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, localAddress, maxSockets: 256 });
    agents.set(localAddress, agent);
  }
  return agent;
}

export function fetchFrom(localAddress: string): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(
        typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
      );
      const headers = new Headers(init?.headers);
      const body = typeof init?.body === "string" ? init.body : undefined;
      if (body !== undefined) headers.set("content-length", String(Buffer.byteLength(body)));
      const req = http.request(
        url,
        {
          method: init?.method ?? "GET",
          headers: Object.fromEntries(headers.entries()),
          agent: agentFor(localAddress),
          ...(init?.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const responseHeaders = new Headers();
            for (const [k, v] of Object.entries(res.headers)) {
              if (typeof v === "string") responseHeaders.set(k, v);
            }
            resolve(
              new Response(Buffer.concat(chunks), {
                status: res.statusCode ?? 0,
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on("error", reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
