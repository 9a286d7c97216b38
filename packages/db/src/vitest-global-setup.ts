import type { TestProject } from "vitest/node";
import { startTestCluster } from "./testing.ts";

/** Vitest global setup: one PostgreSQL and one migrated template for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  project.provide("pgAdminUrl", cluster.adminUrl);
  project.provide("pgTemplate", cluster.template);
  return () => cluster.stop();
}
