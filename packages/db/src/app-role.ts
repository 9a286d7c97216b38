import pg from "pg";

// The database role the API connects as when row-level security is on (see the migration
// `row_level_security`): it logs in, but is neither superuser nor BYPASSRLS, so every query it
// runs passes the policies. Migrations, the seed and the tests keep the owner's connection.

export const APP_ROLE = "dentalcare_app";

/** `url` with the app role's name and password instead of the owner's. */
export function appRoleUrl(ownerUrl: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * `url` whose connections start with these settings (libpq `options=-c name=value`), e.g.
 * `{ "app.role": "system" }` for a pool that only ever acts as the server itself.
 */
export function withSessionSettings(url: string, settings: Record<string, string>): string {
  const u = new URL(url);
  const flags = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  const existing = u.searchParams.get("options");
  u.searchParams.set("options", [existing, ...flags].filter(Boolean).join(" "));
  return u.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type AppRoleResult = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Makes sure the app role can log in with `password` (setting it with the owner's connection
 * when it cannot yet) and returns its connection string. Every instance that shares a
 * database must pass the same password. Not ok when the role does not exist or the owner may
 * not change it; the caller then decides whether to connect as the owner instead.
 */
export async function prepareAppRole(ownerUrl: string, password: string): Promise<AppRoleResult> {
  const url = appRoleUrl(ownerUrl, password);
  if (await canConnect(url)) return { ok: true, url };
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const found = await owner.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    if (!found.rowCount) return { ok: false, reason: `role ${APP_ROLE} does not exist` };
    // Several processes may start at once: a concurrent ALTER ROLE fails with "tuple
    // concurrently updated", and then the other one has set the same password.
    for (let attempt = 0; ; attempt++) {
      try {
        await owner.query(
          `ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${owner.escapeLiteral(password)}`,
        );
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "42501") return { ok: false, reason: (error as Error).message };
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
        if (await canConnect(url)) break;
      }
    }
  } finally {
    await owner.end();
  }
  return (await canConnect(url))
    ? { ok: true, url }
    : { ok: false, reason: `cannot log in as ${APP_ROLE}` };
}

export interface ConnectionRole {
  user: string;
  superuser: boolean;
  bypassRls: boolean;
}

/** Who a connection string logs in as, and whether row-level security applies to it. */
export async function connectionRole(url: string): Promise<ConnectionRole> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ user: string; superuser: boolean; bypass: boolean }>(
      `SELECT current_user AS user, rolsuper AS superuser, rolbypassrls AS bypass
       FROM pg_roles WHERE rolname = current_user`,
    );
    const row = r.rows[0];
    return {
      user: row?.user ?? "",
      superuser: row?.superuser ?? false,
      bypassRls: row?.bypass ?? false,
    };
  } finally {
    await client.end();
  }
}
