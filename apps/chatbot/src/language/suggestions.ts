import type { ExpectedSlot, ParseContext } from "./types.ts";

const GENERAL = [
  "Book a check-up tomorrow at 10am",
  "What's available next week?",
  "Show my appointments",
  "Cancel my next appointment",
  "Which dentists do you have?",
  "What treatments do you offer?",
];

/** Example replies for when the message was not understood, fitted to what was asked. */
export function suggestionsFor(ctx: ParseContext): string[] {
  const expecting: ExpectedSlot | undefined = ctx.expecting;
  switch (expecting) {
    case "confirm":
      return ["yes", "no"];
    case "date":
      return ["tomorrow", "next Tuesday", "the 14th", "as soon as possible"];
    case "time":
      return ["10am", "2:30pm", "in the morning", "after 3pm"];
    case "dentist":
      return [...ctx.dentists.slice(0, 3).map((d) => d.name), "any dentist"];
    case "type":
      return ctx.appointmentTypes.slice(0, 4).map((t) => t.name);
    case "choice":
      return Array.from({ length: ctx.choiceCount ?? 3 }, (_, i) => String(i + 1));
    case "appointment":
      return ["my next appointment", "the first one", "the one on Friday"];
    case undefined:
      return GENERAL;
  }
}
