import { z } from "zod";
import type { ApiDeps } from "../deps.ts";

const check = z.object({
  status: z.enum(["ok", "error"]),
  latencyMs: z.number().optional(),
  message: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export const healthReport = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  timestamp: z.string(),
  uptimeSeconds: z.number(),
  checks: z.record(z.string(), check),
});
export type HealthReport = z.infer<typeof healthReport>;
export type HealthCheck = z.infer<typeof check>;

/** Extra checks a host process adds (e.g. the real-time hub's status). */
export type HealthProbe = () => Promise<HealthCheck> | HealthCheck;

const probes = new WeakMap<ApiDeps, Record<string, HealthProbe>>();

export function registerHealthProbe(deps: ApiDeps, name: string, probe: HealthProbe): void {
  const existing = probes.get(deps) ?? {};
  existing[name] = probe;
  probes.set(deps, existing);
}

async function timed(fn: () => Promise<unknown>, timeoutMs: number): Promise<HealthCheck> {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: "ok", latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { status: "error", message: (error as Error).message };
  }
}

export async function checkHealth(deps: ApiDeps): Promise<HealthReport> {
  const checks: Record<string, HealthCheck> = {
    database: await timed(() => deps.db.$queryRaw`SELECT 1`, 2_000),
  };
  for (const [name, probe] of Object.entries(probes.get(deps) ?? {})) {
    try {
      checks[name] = await probe();
    } catch (error) {
      checks[name] = { status: "error", message: (error as Error).message };
    }
  }
  const healthy = Object.values(checks).every((c) => c.status === "ok");
  return {
    status: healthy ? "healthy" : "unhealthy",
    timestamp: deps.clock.now().toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
    checks,
  };
}
