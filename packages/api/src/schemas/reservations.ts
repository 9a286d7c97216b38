import { z } from "zod";
import { id, isoInstant } from "./common.ts";

export const holdInput = z.object({ dentistId: id, startsAt: isoInstant, typeId: id });
export type HoldInput = z.infer<typeof holdInput>;

export const reservationIdInput = z.object({ id });
