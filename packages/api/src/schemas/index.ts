export * from "./common.ts";
export * from "./views.ts";
