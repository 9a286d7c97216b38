import type { SeedResult } from "../seed.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, MAIN_DEMO_PATIENT_EMAIL } from "./demo-data.ts";

/** What the seed and reset commands print after seeding. */
export function printSeedResult(
  result: SeedResult,
  where: string,
  log: (line: string) => void,
): void {
  if (!result.seeded) {
    log(`demo data not added to ${where}: ${result.reason}`);
    return;
  }
  const s = result.byStatus;
  log(`seeded ${where}:`);
  log(
    `  ${result.users} users (${result.dentists} dentists, ${result.patients} patients, 1 admin), ` +
      `${result.appointmentTypes} appointment types`,
  );
  log(
    `  ${result.appointments} appointments: ${s.completed} completed, ${s.cancelled} cancelled, ` +
      `${s.confirmed} confirmed, ${s.pending} pending`,
  );
  log(`demo accounts (password ${DEMO_PASSWORD}):`);
  const patients = DEMO_ACCOUNTS.filter((a) => a.role === "patient");
  for (const a of DEMO_ACCOUNTS.filter((a) => a.role !== "patient")) {
    log(`  ${a.role.padEnd(8)} ${a.email.padEnd(24)} ${a.name}`);
  }
  const main = patients.find((a) => a.email === MAIN_DEMO_PATIENT_EMAIL);
  if (main) log(`  patient  ${main.email.padEnd(24)} ${main.name} (main demo patient)`);
  const first = patients[1]?.email;
  const last = patients.at(-1)?.email;
  if (first && last) log(`  patient  ${first} … ${last}`);
}
