import { AsyncLocalStorage } from "node:async_hooks";
import { driverPoolOf, type Prisma, type PrismaClient } from "@dentalcare/db";

// Who the database should think is acting (row-level security, requirement 5.5). The auth
// middleware runs each procedure inside a scope; a client made by `scopedPrisma` starts every
// transaction it opens with set_config('app.user_id'/'app.role', …, true), so PostgreSQL's
// policies filter by that user for exactly that transaction and the pooled connection
// carries nothing over to the next request. Services keep receiving `deps.db` as before.
//
// The scope follows the procedure's own async calls. A subscription's generator is iterated
// later by the transport, outside it: subscriptions read through the event hub (which acts
// as the system), so a query made from a generator body would see no protected row.

export interface DbScope {
  userId: string | null;
  /** `admin`, `dentist`, `patient`, or `system` for the server acting for itself. */
  role: string;
}

export const SYSTEM_SCOPE: DbScope = Object.freeze({ userId: null, role: "system" });

/** No one: a connection that names nobody sees no protected row. */
export const NOBODY_SCOPE: DbScope = Object.freeze({ userId: null, role: "none" });

const storage = new AsyncLocalStorage<DbScope>();

/** Runs `fn` (and everything it awaits) as `scope`. */
export function runWithDbScope<T>(scope: DbScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentDbScope(): DbScope | undefined {
  return storage.getStore();
}

interface Batchable {
  requestTransaction?(transaction: unknown): PromiseLike<unknown>;
}
type Op = PromiseLike<unknown> & Batchable;
type AnyFn = (...args: unknown[]) => unknown;

const RAW = new Set(["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe"]);

function setScope(base: PrismaClient, scope: DbScope) {
  return base.$executeRaw`SELECT set_config('app.user_id', ${scope.userId ?? ""}, true), set_config('app.role', ${scope.role}, true)`;
}

/**
 * Wraps one lazy Prisma operation: awaited on its own it runs in a two-statement batch
 * transaction behind the scope's settings; inside a `$transaction([...])` it joins that batch
 * (which the wrapper's `$transaction` starts with the settings).
 */
function scopedOp(base: PrismaClient, scope: DbScope, op: Op): Op {
  let run: Promise<unknown> | undefined;
  const exec = () => {
    run ??= base.$transaction([setScope(base, scope), op as never]).then((r) => r[1]);
    return run;
  };
  return {
    [Symbol.toStringTag]: "PrismaPromise",
    requestTransaction: (transaction: unknown) =>
      op.requestTransaction ? op.requestTransaction(transaction) : op,
    // biome-ignore lint/suspicious/noThenProperty: this object stands in for a PrismaPromise
    then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => exec().then(ok, fail),
    catch: (fail?: (e: unknown) => unknown) => exec().catch(fail),
    finally: (done?: () => void) => exec().finally(done),
  } as Op;
}

function scopedDelegate(base: PrismaClient, scope: DbScope, delegate: object): object {
  return new Proxy(delegate, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        scopedOp(base, scope, (value as AnyFn).apply(target, args) as Op);
    },
  });
}

function scopedTransaction(base: PrismaClient, scope: DbScope) {
  return (arg: unknown, options?: unknown) => {
    if (typeof arg === "function") {
      return base.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.user_id', ${scope.userId ?? ""}, true), set_config('app.role', ${scope.role}, true)`;
        return (arg as (tx: unknown) => Promise<unknown>)(tx);
      }, options as never);
    }
    const ops = arg as Op[];
    return base
      .$transaction([setScope(base, scope), ...(ops as never[])], options as never)
      .then((results) => results.slice(1));
  };
}

/** How a scoped client hands out its one-statement runner (see queryNamingScope). */
const ONE_STATEMENT = Symbol("oneStatement");
type OneStatement = (build: (scope: DbScope) => Prisma.Sql) => Promise<unknown>;

const statementNames = new Map<string, string>();
/** Texts are meant to be fixed; past this many, a statement runs unnamed (nothing piles up). */
const MAX_NAMED_STATEMENTS = 50;

/**
 * One statement straight on the driver's pool when the client has one (profiles put Prisma's
 * raw-query path at about a tenth of the server's CPU per booking), as a named prepared
 * statement, so each connection parses and plans it once. Rows come back as from $queryRaw:
 * jsonb parsed, errors carrying their SQLSTATE in `code` (db-errors.ts reads both shapes).
 */
async function runOneStatement(client: PrismaClient, sql: Prisma.Sql): Promise<unknown[]> {
  const pool = driverPoolOf(client);
  if (!pool) return client.$queryRaw(sql);
  let name = statementNames.get(sql.text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `dentalcare_one_statement_${statementNames.size + 1}`;
    statementNames.set(sql.text, name);
  }
  const result = await pool.query(
    name === undefined
      ? { text: sql.text, values: sql.values }
      : { name, text: sql.text, values: sql.values },
  );
  return result.rows;
}

/**
 * Runs one raw statement that names the acting user itself: a single round trip instead of
 * the transaction any other query runs in (BEGIN, the settings, the query, COMMIT). `build`
 * receives the scope to name, and the statement must apply it with set_config(…, true) before
 * it touches a protected table, as the database functions that do whole bookings do. The
 * statement runs in its own implicit transaction, so the settings end with it.
 */
export async function queryNamingScope<T>(
  db: PrismaClient,
  build: (scope: DbScope) => Prisma.Sql,
): Promise<T[]> {
  const own: unknown = Reflect.get(db, ONE_STATEMENT);
  const rows =
    typeof own === "function"
      ? await (own as OneStatement)(build)
      : // A client that is not scoped (no row-level security): the caller's scope, if any.
        await runOneStatement(db, build(currentDbScope() ?? NOBODY_SCOPE));
  return rows as T[];
}

export interface ScopedPrismaOptions {
  /** Always act as this scope (e.g. SYSTEM_SCOPE for background jobs), whatever the caller's. */
  scope?: DbScope;
  /**
   * Where queries made outside any scope go; by default the same client, whose connection
   * then names nobody and so sees no protected row.
   */
  unscoped?: PrismaClient;
}

/** A PrismaClient that runs every query as the current scope (see runWithDbScope). */
export function scopedPrisma(base: PrismaClient, options: ScopedPrismaOptions = {}): PrismaClient {
  const unscoped = options.unscoped ?? base;
  return new Proxy(base, {
    get(target, prop) {
      const scope = options.scope ?? storage.getStore();
      if (prop === ONE_STATEMENT) {
        const client = scope ? target : unscoped;
        return ((build) =>
          runOneStatement(client, build(scope ?? NOBODY_SCOPE))) satisfies OneStatement;
      }
      if (!scope) {
        const value: unknown = Reflect.get(unscoped, prop);
        return typeof value === "function" ? (value as AnyFn).bind(unscoped) : value;
      }
      if (prop === "$transaction") return scopedTransaction(target, scope);
      const value: unknown = Reflect.get(target, prop);
      if (typeof prop === "string" && RAW.has(prop) && typeof value === "function") {
        return (...args: unknown[]) =>
          scopedOp(target, scope, (value as AnyFn).apply(target, args) as Op);
      }
      if (
        typeof prop === "string" &&
        !prop.startsWith("$") &&
        !prop.startsWith("_") &&
        typeof value === "object" &&
        value !== null
      ) {
        return scopedDelegate(target, scope, value);
      }
      return typeof value === "function" ? (value as AnyFn).bind(target) : value;
    },
  });
}
