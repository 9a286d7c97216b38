import type { ApiDeps } from "../deps.ts";
import type { AppointmentTypeView } from "../schemas/views.ts";
import { appointmentTypeSelect, toAppointmentTypeView } from "./views.ts";

export async function listAppointmentTypes(deps: ApiDeps): Promise<AppointmentTypeView[]> {
  const rows = await deps.db.appointmentType.findMany({
    select: appointmentTypeSelect,
    orderBy: [{ durationMinutes: "asc" }, { name: "asc" }],
  });
  return rows.map(toAppointmentTypeView);
}
