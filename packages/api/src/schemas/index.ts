export * from "./appointments.ts";
export * from "./auth.ts";
export * from "./availability.ts";
export * from "./common.ts";
export * from "./dentists.ts";
export * from "./profiles.ts";
export * from "./reservations.ts";
export * from "./views.ts";
