// Generates the Prisma client. `prisma generate` does not need the native schema engine, but
// the CLI tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names an existing
// executable; on a closed network that download fails, so any executable is named here.
import { spawnSync } from "node:child_process";

const result = spawnSync("prisma", ["generate"], {
  stdio: "inherit",
  shell: false,
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
