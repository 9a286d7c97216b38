import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NodeHandler } from "./request-log.ts";

/** Serves `handler` on a free local port, for tests over real HTTP. Unhandled paths get 418. */
export async function listen(handler: NodeHandler): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
