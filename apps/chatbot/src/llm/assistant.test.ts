import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../language/index.ts";
import { at, type Clinic, openClinic, PatientChat, startWorker } from "../test-kit.ts";

// The OpenAI-compatible language layer against a small chat-completions server that answers
// from a script, with the real server behind the tools: the model's tool calls become typed
// procedure calls made with the patient's own token, and their results go back to the model.

interface Request {
  headers: IncomingMessage["headers"];
  body: {
    model: string;
    tool_choice: string;
    tools: { type: string; function: { name: string; parameters: unknown } }[];
    messages: {
      role: string;
      content: string | null;
      tool_call_id?: string;
      tool_calls?: unknown[];
    }[];
  };
}
type Reply = Record<string, unknown>;

const say = (content: string): Reply => ({
  choices: [{ message: { role: "assistant", content }, finish_reason: "stop" }],
});
const call = (id: string, name: string, args: unknown): Reply => ({
  choices: [
    {
      message: {
        role: "assistant",
        content: null,
        tool_calls: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }],
      },
      finish_reason: "tool_calls",
    },
  ],
});

let clinic: Clinic;
let llm: Server;
let llmUrl: string;
const requests: Request[] = [];
let script: ((req: Request) => Reply)[] = [];

beforeAll(async () => {
  llm = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      const request: Request = { headers: req.headers, body: JSON.parse(raw) as Request["body"] };
      requests.push(request);
      const next = script.shift();
      if (req.url !== "/v1/chat/completions" || !next) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(next(request)));
    });
  });
  await new Promise<void>((resolve) => llm.listen(0, "127.0.0.1", resolve));
  llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
  clinic = await openClinic();
});

afterAll(async () => {
  await new Promise((resolve) => llm.close(resolve));
  await clinic.close();
});

function lastMessage(req: Request) {
  return req.body.messages[req.body.messages.length - 1];
}

describe("OpenAI-compatible language layer", () => {
  it("speaks the protocol, round-trips tool calls through typed procedures, and books as the chatbot", async () => {
    const { worker } = startWorker(clinic, {
      url: llmUrl,
      model: "test-model",
      apiKey: "sk-test",
      timeoutMs: 5_000,
    });
    await worker.start();
    const chat = await PatientChat.open(clinic);
    try {
      const startsAt = at(addDays(clinic.monday, 1), "10:00");
      const booking = { dentistId: clinic.lee.id, typeId: clinic.types.checkup, startsAt };
      let reservationId = "";
      script = [
        (req) => {
          expect(req.headers.authorization).toBe("Bearer sk-test");
          expect(req.body.model).toBe("test-model");
          expect(req.body.tool_choice).toBe("auto");
          expect(req.body.tools.map((t) => t.function.name).sort()).toEqual([
            "appointmentTypes_list",
            "appointments_cancel",
            "appointments_create",
            "appointments_list",
            "appointments_update",
            "availability_slots",
            "dentists_list",
            "reservations_hold",
            "reservations_release",
          ]);
          expect(req.body.messages[0]?.role).toBe("system");
          expect(req.body.messages[0]?.content).toContain(
            `Dr. Emily Lee (General dentistry, Europe/London) id ${clinic.lee.id}`,
          );
          expect(lastMessage(req)).toEqual({
            role: "user",
            content: "checkup with Dr Lee tomorrow at 10 please",
          });
          return call("call_1", "reservations_hold", booking);
        },
        (req) => {
          const result = lastMessage(req);
          expect(result?.role).toBe("tool");
          expect(result?.tool_call_id).toBe("call_1");
          const hold = JSON.parse(result?.content ?? "{}") as {
            id: string;
            status: string;
            patientId: string;
          };
          expect(hold).toMatchObject({ status: "held", patientId: chat.user.id });
          reservationId = hold.id;
          return say("I'm holding Tuesday 10:00 with Dr. Lee for you. Shall I book it?");
        },
      ];
      expect(await chat.say("checkup with Dr Lee tomorrow at 10 please")).toBe(
        "I'm holding Tuesday 10:00 with Dr. Lee for you. Shall I book it?",
      );

      script = [
        (req) => {
          // The whole exchange so far, tool call and result included, is the conversation's state.
          expect(req.body.messages.map((m) => m.role)).toEqual([
            "system",
            "user",
            "assistant",
            "tool",
            "assistant",
            "user",
          ]);
          // A model that tries to book for someone else or as another channel gets neither.
          return call("call_2", "appointments_create", {
            ...booking,
            reservationId,
            patientId: clinic.admin.id,
            source: "admin",
          });
        },
        (req) => {
          const created = JSON.parse(lastMessage(req)?.content ?? "{}") as Record<string, unknown>;
          expect(created).toMatchObject({
            patientId: chat.user.id,
            source: "chatbot",
            status: "pending",
          });
          return say("Booked: Tuesday 10:00 with Dr. Lee.");
        },
      ];
      expect(await chat.say("yes")).toBe("Booked: Tuesday 10:00 with Dr. Lee.");
      const [appointment] = await clinic.db.prisma.appointment.findMany({
        where: { patientId: chat.user.id },
      });
      expect(appointment).toMatchObject({ source: "chatbot", dentistId: clinic.lee.id });
      const hold = await clinic.db.prisma.slotReservation.findUnique({
        where: { id: reservationId },
      });
      expect(hold?.status).toBe("converted");

      // The server's refusal comes back to the model as the tool's result.
      script = [
        () => call("call_3", "appointments_cancel", { id: "00000000-0000-4000-8000-000000000000" }),
        (req) => {
          expect(JSON.parse(lastMessage(req)?.content ?? "{}")).toEqual({
            error: { code: "NOT_FOUND", message: expect.any(String) },
          });
          return say("I couldn't find that appointment.");
        },
      ];
      expect(await chat.say("cancel my appointment abc")).toBe("I couldn't find that appointment.");
      expect(script).toEqual([]);
    } finally {
      chat.close();
      await worker.stop();
    }
  });
});
