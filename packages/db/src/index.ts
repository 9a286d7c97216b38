export {
  APP_ROLE,
  type AppRoleResult,
  appRoleUrl,
  type ConnectionRole,
  connectionRole,
  prepareAppRole,
  withSessionSettings,
} from "./app-role.ts";
export { type ClientOptions, createPrismaClient, driverPoolOf } from "./client.ts";
export { type EmbeddedDatabase, removeEmbeddedData, startEmbeddedPostgres } from "./embedded.ts";
export * from "./generated/prisma/client.ts";
export * from "./local-database.ts";
export {
  applyMigrations,
  listMigrations,
  MIGRATIONS_DIR,
  type MigrationResult,
} from "./migrate.ts";
export { hashPassword, verifyPassword } from "./passwords.ts";
export { freePort } from "./ports.ts";
export { DEMO_ACCOUNTS, type DemoAccount, type SeedResult, seedDemoData } from "./seed.ts";
