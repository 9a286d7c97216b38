import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { APPS, REPO_ROOT } from "./paths.ts";

// Vitest global setup: the browser tests load the apps as the server serves them in
// production, so each app is built first unless its dist is newer than everything it is
// built from.

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry === "dist") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function sourcesOf(appDir: string): string[] {
  return [
    path.join(appDir, "src"),
    path.join(appDir, "index.html"),
    path.join(appDir, "vite.config.ts"),
    path.join(appDir, "package.json"),
    path.join(REPO_ROOT, "packages/client/src"),
  ];
}

export function isStale(appDir: string): boolean {
  const built = newestMtime(path.join(appDir, "dist/index.html"));
  if (built === 0) return true;
  return Math.max(...sourcesOf(appDir).map(newestMtime)) > built;
}

export default function setup(): void {
  for (const [name, dir] of Object.entries(APPS)) {
    if (!isStale(dir)) continue;
    console.log(`building the ${name} app for the browser tests…`);
    execFileSync("pnpm", ["exec", "vite", "build", "--logLevel", "warn"], {
      cwd: dir,
      stdio: "inherit",
    });
  }
}
