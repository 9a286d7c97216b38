import { startTestCluster } from "@dentalcare/db/testing";
import setupApps from "./build-apps.ts";
import { startClinic } from "./clinic.ts";

// `pnpm --filter @dentalcare/e2e demo [port]`: the demo clinic on a throwaway database, with
// freshly built apps, for looking at the screens by hand. Ctrl-C removes everything.

const port = process.argv[2] ?? "3100";
setupApps();
const cluster = await startTestCluster();
const clinic = await startClinic({
  adminUrl: cluster.adminUrl,
  template: cluster.template,
  env: { PORT: port, LOG_LEVEL: "warn" },
});
console.log(`demo clinic: patient app ${clinic.url}/  admin app ${clinic.url}/admin/`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await clinic.close();
  await cluster.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
