import { errorBodyOf } from "@dentalcare/client";
import { z } from "zod";
import type { Api } from "../clients.ts";
import type { ToolDefinition } from "./protocol.ts";

// The model's tools, one per typed procedure, called with the patient's own token: whatever
// the model asks for, the server applies the patient's rights and the booking rules. Bookings
// are always marked as made by the chatbot, and staff-only fields are not offered at all.

const uuid = { type: "string", format: "uuid" };
const instant = { type: "string", format: "date-time", description: "ISO 8601 instant" };
const date = {
  type: "string",
  format: "date",
  description: "YYYY-MM-DD, the dentist's local date",
};

function object(properties: Record<string, unknown>, required: string[] = []) {
  return { type: "object", properties, required, additionalProperties: false };
}

interface Tool {
  definition: ToolDefinition;
  run(api: Api, args: unknown): Promise<unknown>;
}

function tool<S extends z.ZodType>(
  name: string,
  description: string,
  parameters: Record<string, unknown>,
  args: S,
  run: (api: Api, input: z.infer<S>) => Promise<unknown>,
): Tool {
  return {
    definition: { type: "function", function: { name, description, parameters } },
    run: (api, raw) => run(api, args.parse(raw)),
  };
}

const id = z.string();
const empty = z.object({}).optional();

export const TOOLS: Tool[] = [
  tool(
    "dentists_list",
    "dentists.list: the clinic's dentists (id, name, specialty, time zone).",
    object({}),
    empty,
    (api) => api.dentists.list.query({}),
  ),
  tool(
    "appointmentTypes_list",
    "appointmentTypes.list: treatments and their durations.",
    object({}),
    empty,
    (api) => api.appointmentTypes.list.query(),
  ),
  tool(
    "availability_slots",
    "availability.slots: free start times of one dentist on one local date, for a treatment.",
    object({ dentistId: uuid, date, typeId: uuid }, ["dentistId", "date"]),
    z.object({ dentistId: id, date: z.string(), typeId: id.optional() }),
    (api, a) => api.availability.slots.query(a),
  ),
  tool(
    "reservations_hold",
    "reservations.hold: hold a free slot for the patient for a few minutes while they confirm.",
    object({ dentistId: uuid, startsAt: instant, typeId: uuid }, [
      "dentistId",
      "startsAt",
      "typeId",
    ]),
    z.object({ dentistId: id, startsAt: z.string(), typeId: id }),
    (api, a) => api.reservations.hold.mutate(a),
  ),
  tool(
    "reservations_release",
    "reservations.release: give a held slot back (the patient declined or chose another).",
    object({ id: uuid }, ["id"]),
    z.object({ id }),
    (api, a) => api.reservations.release.mutate(a),
  ),
  tool(
    "appointments_list",
    "appointments.list: the patient's appointments, optionally from a date and by status.",
    object({
      dateFrom: instant,
      status: {
        type: "array",
        items: { type: "string", enum: ["pending", "confirmed", "completed", "cancelled"] },
      },
    }),
    z
      .object({
        dateFrom: z.string().optional(),
        status: z.array(z.enum(["pending", "confirmed", "completed", "cancelled"])).optional(),
      })
      .optional(),
    (api, a) => api.appointments.list.query({ ...a, limit: 20 }),
  ),
  tool(
    "appointments_create",
    "appointments.create: book, after the patient said yes; pass the reservationId of the hold.",
    object(
      {
        dentistId: uuid,
        typeId: uuid,
        startsAt: instant,
        reservationId: uuid,
        patientNotes: { type: "string" },
      },
      ["dentistId", "typeId", "startsAt"],
    ),
    z.object({
      dentistId: id,
      typeId: id,
      startsAt: z.string(),
      reservationId: id.optional(),
      patientNotes: z.string().optional(),
    }),
    (api, a) => api.appointments.create.mutate({ ...a, source: "chatbot" }),
  ),
  tool(
    "appointments_update",
    "appointments.update: move one of the patient's appointments to a new start time.",
    object({ id: uuid, startsAt: instant }, ["id", "startsAt"]),
    z.object({ id, startsAt: z.string() }),
    (api, a) => api.appointments.update.mutate(a),
  ),
  tool(
    "appointments_cancel",
    "appointments.cancel: cancel one of the patient's appointments, after they confirmed.",
    object({ id: uuid, reason: { type: "string" } }, ["id"]),
    z.object({ id, reason: z.string().optional() }),
    (api, a) => api.appointments.cancel.mutate(a),
  ),
];

export const TOOL_DEFINITIONS: ToolDefinition[] = TOOLS.map((t) => t.definition);

/** Runs one tool call; what the model gets back is the result or the server's error, as JSON. */
export async function runTool(api: Api, name: string, rawArguments: string): Promise<string> {
  const found = TOOLS.find((t) => t.definition.function.name === name);
  if (!found)
    return JSON.stringify({ error: { code: "UNKNOWN_TOOL", message: `No tool named ${name}` } });
  try {
    const args: unknown = rawArguments.trim() ? JSON.parse(rawArguments) : {};
    return JSON.stringify(await found.run(api, args));
  } catch (error) {
    const body = errorBodyOf(error);
    if (body) return JSON.stringify({ error: { code: body.code, message: body.message } });
    const message =
      error instanceof z.ZodError
        ? "invalid arguments"
        : error instanceof SyntaxError
          ? "arguments are not JSON"
          : "call failed";
    return JSON.stringify({ error: { code: "BAD_TOOL_CALL", message } });
  }
}
