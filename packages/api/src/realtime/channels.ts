// Channel names from the requirements (7.2, 7.3) plus the ones slot holds, profiles and
// admins need. A subscriber is only ever given channels its role and identity allow
// (see access.ts).
export const channels = {
  appointmentsOfDentist: (dentistId: string) => `appointments:dentist:${dentistId}`,
  appointmentsOfPatient: (patientId: string) => `appointments:patient:${patientId}`,
  appointmentsAll: () => "appointments:all",
  availabilityOfDentist: (dentistId: string) => `availability:dentist:${dentistId}`,
  availabilityGlobal: () => "availability:global",
  slotsOfDentist: (dentistId: string) => `slots:dentist:${dentistId}`,
  slotsGlobal: () => "slots:global",
  profileOf: (userId: string) => `profiles:user:${userId}`,
  profilesAll: () => "profiles:all",
  /** A patient's chat with the booking assistant (both sides of it). */
  chatOfUser: (patientId: string) => `chat:user:${patientId}`,
  /** Patient messages waiting for the booking assistant (the chatbot worker only). */
  chatAssistant: () => "chat:assistant",
} as const;

export type ChannelKind = "appointments" | "availability" | "slots" | "profiles" | "chat";

export function channelKind(channel: string): ChannelKind | "unknown" {
  const kind = channel.split(":", 1)[0];
  return kind === "appointments" ||
    kind === "availability" ||
    kind === "slots" ||
    kind === "profiles" ||
    kind === "chat"
    ? kind
    : "unknown";
}
