import { generateOpenApiDocument } from "trpc-to-openapi";
import { describe, expect, it } from "vitest";
import { router } from "../trpc.ts";
import { appointmentsRouter } from "./appointments.ts";
import { appointmentTypesRouter } from "./appointmentTypes.ts";
import { availabilityRouter } from "./availability.ts";
import { reservationsRouter } from "./reservations.ts";

// The REST surface (requirement 4) is generated from these procedures' meta and schemas;
// generating the document proves every route's input is REST-shaped.

const booking = router({
  appointments: appointmentsRouter,
  appointmentTypes: appointmentTypesRouter,
  availability: availabilityRouter,
  reservations: reservationsRouter,
});

describe("booking routes in OpenAPI", () => {
  const doc = generateOpenApiDocument(booking, { title: "t", version: "1", baseUrl: "http://x" });
  const paths = doc.paths ?? {};

  it("exposes the routes the requirements name", () => {
    const routes = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        "POST /api/appointments",
        "GET /api/appointments",
        "GET /api/appointments/{id}",
        "PUT /api/appointments/{id}",
        "DELETE /api/appointments/{id}",
        "POST /api/appointments/{id}/confirm",
        "POST /api/appointments/{id}/complete",
        "GET /api/availability/{dentistId}",
        "PUT /api/availability/{dentistId}",
        "GET /api/availability/{dentistId}/slots",
        "POST /api/availability/reserve",
        "DELETE /api/availability/reserve/{id}",
        "GET /api/appointment-types",
      ].sort(),
    );
  });

  it("reads list filters and slot queries from the query string", () => {
    const names = (path: string) =>
      (paths[path]?.get?.parameters ?? []).map((p) => ("name" in p ? `${p.in}:${p.name}` : ""));
    expect(names("/api/appointments")).toEqual(
      expect.arrayContaining(["query:status", "query:limit", "query:offset", "query:dateFrom"]),
    );
    expect(names("/api/availability/{dentistId}/slots")).toEqual(
      expect.arrayContaining(["path:dentistId", "query:date", "query:typeId"]),
    );
  });

  it("declares the non-200 success statuses in the procedures' meta", () => {
    const meta = (p: { _def: { meta?: unknown } }) => p._def.meta as { successStatus?: number };
    expect(meta(appointmentsRouter.create).successStatus).toBe(201);
    expect(meta(appointmentsRouter.cancel).successStatus).toBe(204);
    expect(meta(reservationsRouter.hold).successStatus).toBe(201);
    expect(meta(reservationsRouter.release).successStatus).toBe(204);
    expect(meta(appointmentsRouter.update).successStatus).toBeUndefined();
  });
});
