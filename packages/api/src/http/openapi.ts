import type { AnyRouter } from "@trpc/server";
import { generateOpenApiDocument, type OpenAPIObject, type OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";

type OpenApiRoute = NonNullable<OpenApiMeta["openapi"]>;

export interface RestRoute {
  /** The tRPC procedure path, e.g. "auth.register". */
  procedure: string;
  method: OpenApiRoute["method"];
  path: string;
  operationId: string;
  successStatus: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The status a successful call answers with: `successStatus` from the procedure's meta
 * (`.meta({ openapi: {...}, successStatus: 201 })`), else 204 (no body) for DELETE and 200
 * for everything else. Creating procedures say 201 themselves: not every POST creates.
 */
export function successStatusOf(method: string, meta: unknown): number {
  const explicit = isRecord(meta) ? meta.successStatus : undefined;
  if (typeof explicit === "number") return explicit;
  return method === "DELETE" ? 204 : 200;
}

/** The procedures that have a REST route, with their flat procedure paths. */
export function restRoutes(router: AnyRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  const procedures = router._def.procedures as Record<string, { _def: { meta?: unknown } }>;
  for (const [procedure, def] of Object.entries(procedures)) {
    const meta = def._def.meta;
    const openapi = isRecord(meta) ? (meta.openapi as OpenApiRoute | undefined) : undefined;
    if (!openapi || openapi.enabled === false) continue;
    routes.push({
      procedure,
      method: openapi.method,
      path: openapi.path,
      operationId: openapi.operationId ?? procedure.replace(/\./g, "-"),
      successStatus: successStatusOf(openapi.method, meta),
    });
  }
  return routes;
}

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional().meta({
        description:
          "Extra facts about the error. For VALIDATION_ERROR, `fields` maps each failing field to its messages.",
      }),
      timestamp: z.iso.datetime(),
    }),
  })
  .meta({ description: "The one error format of every endpoint" });

const ERROR_DESCRIPTIONS: Record<string, string> = {
  "400": "VALIDATION_ERROR: invalid input or malformed JSON; details.fields names each field",
  "401": 'UNAUTHORIZED: missing token, or "Invalid token" when it is invalid or expired',
  "403": "FORBIDDEN: your role may not do this",
  "404": "NOT_FOUND: no such resource or route",
  "409": "CONFLICT, SLOT_UNAVAILABLE or CANCELLATION_WINDOW_EXPIRED",
  "413": "PAYLOAD_TOO_LARGE: the body is over 100 KB",
  "429": "RATE_LIMITED",
  "500": 'INTERNAL_ERROR: "An unexpected error occurred"',
};

export interface OpenApiDocumentOptions {
  title?: string;
  version?: string;
  description?: string;
}

type Operation = NonNullable<NonNullable<OpenAPIObject["paths"]>[string]["get"]>;

/**
 * The OpenAPI document of every procedure with a REST route. The generator always describes
 * a 200 and its own error shape, so its output is adjusted to what the REST handler really
 * sends: each operation's success status (201, 204 without a body) and the one error body.
 */
export function createOpenApiDocument(
  router: AnyRouter,
  options: OpenApiDocumentOptions = {},
): OpenAPIObject {
  const doc = generateOpenApiDocument(router, {
    title: options.title ?? "DentalCare Sync API",
    version: options.version ?? "1.0.0",
    description:
      options.description ??
      "REST surface of the DentalCare Sync router. Send `Authorization: Bearer <token>` from " +
        "POST /api/auth/login or /api/auth/register. Errors always look like " +
        '`{"error": {"code", "message", "details"?, "timestamp"}}`.',
    baseUrl: "/",
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
    },
    defs: { ErrorResponse: errorResponseSchema },
  });
  const statusByOperation = new Map(restRoutes(router).map((r) => [r.operationId, r]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"] as const) {
      const operation = item[method];
      if (operation) adjustOperation(operation, method, path, statusByOperation);
    }
  }
  return doc;
}

function adjustOperation(
  operation: Operation,
  method: string,
  path: string,
  routes: Map<string, RestRoute>,
): void {
  const generated = operation.responses ?? {};
  const route = operation.operationId ? routes.get(operation.operationId) : undefined;
  const status = String(route?.successStatus ?? 200);
  const success = generated["200"];
  const responses: typeof generated = {};
  if (success) {
    responses[status] =
      status === "204" ? { description: "Done; the response has no body" } : success;
  }
  const errorStatuses = new Set(Object.keys(generated).filter((s) => Number(s) >= 400));
  errorStatuses.add("400").add("500");
  if (path.includes("{")) errorStatuses.add("404");
  if (method !== "get" && method !== "delete") errorStatuses.add("413");
  if (method !== "get") errorStatuses.add("409");
  for (const code of [...errorStatuses].sort()) {
    responses[code] = {
      description: ERROR_DESCRIPTIONS[code] ?? "Error",
      content: {
        "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } },
      },
    };
  }
  operation.responses = responses;
}
