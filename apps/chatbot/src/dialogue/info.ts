import { type DentistEntity, formatList } from "../language/index.ts";
import type { Facts } from "./types.ts";

// Answers that need nothing but the clinic's facts.

export function help(): string[] {
  return [
    "I can help you with:",
    "• booking — “a cleaning tomorrow at 10”, “the earliest check-up with Dr Lee”",
    "• what's free — “what's free with Dr Lee on Friday afternoon?”",
    "• your appointments — “show my appointments”",
    "• moving one — “move my Friday appointment to Monday at 3”",
    "• cancelling one — “cancel my next appointment”",
  ];
}

export function listDentists(facts: Facts, filter?: DentistEntity): string[] {
  let dentists = [...facts.dentists];
  let lead = "Our dentists are";
  if (filter?.match === "one")
    dentists = [filter.dentist].flatMap((d) => facts.dentists.filter((x) => x.id === d.id));
  if (filter?.match === "ambiguous")
    dentists = facts.dentists.filter((d) => filter.ambiguous.some((x) => x.id === d.id));
  if (filter?.match === "unknown") lead = `I couldn't find “${filter.unknown}”. Our dentists are`;
  if (dentists.length === 0) return ["There are no dentists to book with at the moment."];
  if ((filter?.match === "one" || filter?.match === "ambiguous") && filter.specialty)
    lead = "Yes: we have";
  return [`${lead} ${formatList(dentists.map((d) => `${d.name} (${d.specialty})`))}.`];
}

export function listTypes(facts: Facts): string[] {
  if (facts.types.length === 0) return ["There is nothing to book at the moment."];
  return [
    `You can book ${formatList(
      facts.types.map((t) => `${t.name} (${t.durationMinutes} min)`),
      "or",
    )}.`,
  ];
}

export function suggestions(examples: string[]): string[] {
  const some = examples.slice(0, 3).map((s) => `“${s}”`);
  return [`Sorry, I didn't understand that. You could say ${formatList(some, "or")}.`];
}
