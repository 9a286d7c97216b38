import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../../..");
export const APPS = {
  patient: path.join(REPO_ROOT, "apps/patient"),
  admin: path.join(REPO_ROOT, "apps/admin"),
} as const;
/** Git-ignored: screenshots are looked at, not committed. */
export const SCREENSHOTS = path.join(REPO_ROOT, "artifacts/screenshots");
