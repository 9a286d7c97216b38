import { z } from "zod";
import type { LlmSettings } from "../env.ts";

// The part of the OpenAI chat-completions protocol the assistant uses: messages, function
// tools and tool calls. Hosted services and local servers (llama.cpp, vLLM, Ollama's
// OpenAI endpoint) all speak it.

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ToolDefinition {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

const toolCall = z.object({
  id: z.string(),
  type: z.literal("function").default("function"),
  function: z.object({ name: z.string(), arguments: z.string().default("{}") }),
});

const completion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          role: z.literal("assistant").default("assistant"),
          content: z.string().nullish(),
          tool_calls: z.array(toolCall).nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

export type AssistantMessage = Extract<ChatMessage, { role: "assistant" }>;

export class LlmError extends Error {}

/** One chat-completions request; the reply is the model's next message. */
export async function complete(
  settings: LlmSettings,
  messages: ChatMessage[],
  tools: ToolDefinition[],
): Promise<AssistantMessage> {
  const response = await fetch(`${settings.url}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model: settings.model,
      messages,
      tools,
      tool_choice: "auto",
      temperature: 0.2,
    }),
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  if (!response.ok) {
    throw new LlmError(
      `language model answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
    );
  }
  const parsed = completion.safeParse(await response.json());
  if (!parsed.success) throw new LlmError("language model sent an unexpected reply");
  const message = parsed.data.choices[0]?.message;
  const calls = message?.tool_calls ?? [];
  return {
    role: "assistant",
    content: message?.content ?? null,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
  };
}
