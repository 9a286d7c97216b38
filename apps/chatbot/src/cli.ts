import { createInterface } from "node:readline";
import type { AppRouter } from "@dentalcare/api";
import { createDentalClient, errorBodyOf } from "@dentalcare/client";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { WebSocket } from "ws";
import { readCliEnv } from "./env.ts";

// `pnpm chat`: a terminal chat for staff and testing. It signs in as a patient (the demo
// patient by default) and talks to the running booking assistant through the same router
// path as the patient app's chat widget: chat.send out, chat.onMessage back.

const env = readCliEnv(process.argv.slice(2));

interface Message {
  author: string;
  text: string;
}

async function signIn(): Promise<string> {
  const anonymous = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${env.serverUrl}/trpc` })],
  });
  const { token } = await anonymous.auth.login.mutate({ email: env.email, password: env.password });
  return token;
}

function show(m: Message): void {
  const who = m.author === "assistant" ? "assistant" : "you";
  process.stdout.write(`\n${who}> ${m.text.replace(/\n/g, `\n${" ".repeat(who.length + 2)}`)}\n`);
}

async function main() {
  const token = await signIn();
  const dental = createDentalClient({ url: env.serverUrl, getToken: () => token, WebSocket });
  const history = await dental.client.chat.history.query({ limit: 10 });
  for (const m of history.messages) show(m);
  process.stdout.write(
    `\nSigned in as ${env.email}. Type a message (empty line or Ctrl-D to quit).\n`,
  );

  const lines = createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
  dental.client.chat.onMessage.subscribe(
    {},
    {
      onData: (item) => {
        const message =
          item.data.type === "chat.message"
            ? (item.data.payload as { message: Message }).message
            : undefined;
        if (message?.author !== "assistant") return;
        show(message);
        lines.prompt();
      },
      onError: (error) => process.stderr.write(`\nlive updates failed: ${String(error)}\n`),
    },
  );
  lines.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (!text) break;
    try {
      await dental.client.chat.send.mutate({ text });
    } catch (error) {
      process.stderr.write(`could not send: ${errorBodyOf(error)?.message ?? String(error)}\n`);
      lines.prompt();
    }
  }
  dental.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  const body = errorBodyOf(error);
  process.stderr.write(
    `${body ? body.message : String(error)} (is the server running at ${env.serverUrl}?)\n`,
  );
  process.exit(1);
});
