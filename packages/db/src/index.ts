export { createPrismaClient, type ClientOptions } from "./client.ts";
export { startEmbeddedPostgres, removeEmbeddedData, type EmbeddedDatabase } from "./embedded.ts";
export { applyMigrations, listMigrations, MIGRATIONS_DIR, type MigrationResult } from "./migrate.ts";
export { freePort } from "./ports.ts";
export * from "./generated/prisma/client.ts";
