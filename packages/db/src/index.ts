export { type ClientOptions, createPrismaClient } from "./client.ts";
export { type EmbeddedDatabase, removeEmbeddedData, startEmbeddedPostgres } from "./embedded.ts";
export * from "./generated/prisma/client.ts";
export {
  applyMigrations,
  listMigrations,
  MIGRATIONS_DIR,
  type MigrationResult,
} from "./migrate.ts";
export { freePort } from "./ports.ts";
export { hashPassword, verifyPassword } from "./passwords.ts";
