import path from "node:path";
import { defineConfig } from "prisma/config";

// The schema and migrations live at the repository root (fixed layout); this package owns
// the generated client and the tooling around it.
export default defineConfig({
  schema: path.join(import.meta.dirname, "../../prisma/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "../../prisma/migrations") },
});
