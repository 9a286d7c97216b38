import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

// The yardstick: a bare `ws` broadcast server, no auth, no routing, no database. Each message
// is serialised once and written to every open socket. Driven over IPC by the orchestrator.

interface Command {
  id: number;
  count: number;
  /** Messages per second; 0 sends back to back (yielding to I/O between messages). */
  rate: number;
  bytes: number;
}

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });

function frame(seq: number, bytes: number): string {
  const sentAt = Date.now();
  const bare = JSON.stringify({ seq, sentAt, pad: "" }).length;
  return JSON.stringify({ seq, sentAt, pad: "x".repeat(Math.max(0, bytes - bare)) });
}

function broadcast(data: string): void {
  for (const client of wss.clients as Set<WebSocket>)
    if (client.readyState === 1) client.send(data);
}

async function run(command: Command): Promise<{ sent: number; seconds: number }> {
  const t0 = performance.now();
  for (let seq = 0; seq < command.count; seq++) {
    const due = t0 + (command.rate > 0 ? (seq * 1000) / command.rate : 0);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
    broadcast(frame(seq, command.bytes));
  }
  return { sent: command.count, seconds: (performance.now() - t0) / 1000 };
}

wss.on("listening", () => {
  process.send?.({ ready: true, port: (wss.address() as AddressInfo).port });
});
process.on("message", (command: Command) => {
  run(command).then((result) => process.send?.({ id: command.id, ...result }));
});
process.on("disconnect", () => process.exit(0));
