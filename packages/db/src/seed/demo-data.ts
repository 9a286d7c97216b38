// The people, schedules and vocabulary of the demo clinic. Everything here is plain data so the
// README, tests and the seeder read the same list.

export const DEMO_PASSWORD = "demo1234";
export const DEMO_ADMIN_EMAIL = "admin@demo.clinic";
/** The patient to sign in as when showing the patient app (has past and upcoming visits). */
export const MAIN_DEMO_PATIENT_EMAIL = "patient01@demo.clinic";

export type DemoRole = "admin" | "dentist" | "patient";

export interface DemoAccount {
  email: string;
  password: string;
  role: DemoRole;
  name: string;
}

/** Working ranges per ISO weekday (1 = Monday), as [startMinute, endMinute) in local time. */
export type WeeklyHours = Partial<Record<number, ReadonlyArray<readonly [number, number]>>>;

export interface DemoDentist {
  email: string;
  name: string;
  phone: string;
  specialty: string;
  timeZone: string;
  bio: string;
  weekly: WeeklyHours;
  /** Relative frequency of each appointment type code in this dentist's book. */
  typeWeights: Readonly<Record<string, number>>;
}

export interface DemoPatient {
  email: string;
  name: string;
  phone: string;
}

export interface DemoAppointmentType {
  code: string;
  name: string;
  durationMinutes: number;
}

/** "09:30" → 570 */
function hm(text: string): number {
  const [h = "0", m = "0"] = text.split(":");
  return Number(h) * 60 + Number(m);
}

function range(from: string, to: string): readonly [number, number] {
  return [hm(from), hm(to)];
}

function weekdays(
  ranges: ReadonlyArray<readonly [number, number]>,
  days = [1, 2, 3, 4, 5],
): WeeklyHours {
  return Object.fromEntries(days.map((d) => [d, ranges]));
}

export const DEMO_APPOINTMENT_TYPES: readonly DemoAppointmentType[] = [
  { code: "checkup", name: "Checkup", durationMinutes: 30 },
  { code: "cleaning", name: "Cleaning", durationMinutes: 45 },
  { code: "filling", name: "Filling", durationMinutes: 60 },
  { code: "root_canal", name: "Root canal", durationMinutes: 90 },
  { code: "emergency", name: "Emergency", durationMinutes: 30 },
];

export const DEMO_ADMIN = { email: DEMO_ADMIN_EMAIL, name: "Clinic Administrator" } as const;

export const DEMO_DENTISTS: readonly DemoDentist[] = [
  {
    email: "dr.lee@demo.clinic",
    name: "Dr. Emily Lee",
    phone: "+44 20 7946 0101",
    specialty: "General dentistry",
    timeZone: "Europe/London",
    bio: "Family dentist for fifteen years; checkups, cleanings and fillings.",
    // Also Saturday mornings.
    weekly: {
      ...weekdays([range("09:00", "12:30"), range("13:30", "17:00")]),
      6: [range("09:00", "12:00")],
    },
    typeWeights: { checkup: 4, cleaning: 3, filling: 3, root_canal: 0.5, emergency: 1 },
  },
  {
    email: "dr.patel@demo.clinic",
    name: "Dr. Raj Patel",
    phone: "+44 20 7946 0102",
    specialty: "Orthodontics",
    timeZone: "Europe/London",
    bio: "Braces and clear aligners for teenagers and adults.",
    // Starts late and finishes late on Wednesdays.
    weekly: {
      ...weekdays([range("08:30", "12:30"), range("13:30", "16:30")], [1, 2, 4, 5]),
      3: [range("10:30", "13:00"), range("14:00", "18:00")],
    },
    typeWeights: { checkup: 6, cleaning: 1, emergency: 1 },
  },
  {
    email: "dr.garcia@demo.clinic",
    name: "Dr. Sofia Garcia",
    phone: "+44 20 7946 0103",
    specialty: "Endodontics",
    timeZone: "Europe/London",
    bio: "Root canal specialist; relieves tooth pain the same week.",
    weekly: {
      ...weekdays([range("09:00", "12:30"), range("13:30", "17:30")], [1, 2, 3, 4]),
      5: [range("09:00", "13:00"), range("14:00", "16:00")],
    },
    typeWeights: { checkup: 2, filling: 2, root_canal: 4, emergency: 2 },
  },
  {
    email: "dr.chen@demo.clinic",
    name: "Dr. Michael Chen",
    phone: "+1 212 555 0104",
    specialty: "Pediatric dentistry",
    timeZone: "America/New_York",
    bio: "Gentle care for children from their first tooth; works from the New York office.",
    weekly: weekdays([range("08:00", "12:00"), range("13:00", "16:00")]),
    typeWeights: { checkup: 5, cleaning: 4, filling: 2, emergency: 1 },
  },
];

const PATIENT_NAMES: ReadonlyArray<readonly [string, string]> = [
  ["Alice Patient", "+44 7700 900101"],
  ["Oliver Bennett", "+44 7700 900102"],
  ["Amelia Hughes", "+44 7700 900103"],
  ["George Walker", "+44 7700 900104"],
  ["Isla Thompson", "+44 7700 900105"],
  ["Harry Robinson", "+44 7700 900106"],
  ["Ava Wright", "+44 7700 900107"],
  ["Noah Edwards", "+44 7700 900108"],
  ["Mia Turner", "+44 7700 900109"],
  ["Jack Collins", "+44 7700 900110"],
  ["Sophie Morgan", "+44 7700 900111"],
  ["Leo Carter", "+44 7700 900112"],
  ["Grace Mitchell", "+44 7700 900113"],
  ["Oscar Phillips", "+44 7700 900114"],
  ["Chloe Campbell", "+44 7700 900115"],
  ["Ethan Rodriguez", "+1 212 555 0116"],
  ["Olivia Martinez", "+1 212 555 0117"],
  ["Lucas Johnson", "+1 646 555 0118"],
  ["Emma Davis", "+1 646 555 0119"],
  ["Liam Brooks", "+1 917 555 0120"],
];

/** patient01 is Alice Patient, the main demo patient. */
export const DEMO_PATIENTS: readonly DemoPatient[] = PATIENT_NAMES.map(([name, phone], i) => ({
  email: `patient${String(i + 1).padStart(2, "0")}@demo.clinic`,
  name,
  phone,
}));

/** Every account the seed creates; all share the password `demo1234`. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: DEMO_ADMIN.email, password: DEMO_PASSWORD, role: "admin", name: DEMO_ADMIN.name },
  ...DEMO_DENTISTS.map((d) => ({
    email: d.email,
    password: DEMO_PASSWORD,
    role: "dentist" as const,
    name: d.name,
  })),
  ...DEMO_PATIENTS.map((p) => ({
    email: p.email,
    password: DEMO_PASSWORD,
    role: "patient" as const,
    name: p.name,
  })),
];

export const PATIENT_NOTES = [
  "Sensitive upper left molar when drinking cold water.",
  "Prefers morning appointments.",
  "Nervous about injections, please go gently.",
  "Bleeding gums when brushing.",
  "Follow-up after last filling.",
  "Chipped a front tooth at the weekend.",
  "Jaw clicks when chewing.",
  "Would like to discuss whitening options.",
] as const;

export const STAFF_NOTES = [
  "No caries found. Next checkup in 6 months.",
  "Mild gingivitis; advised interdental brushes.",
  "Composite filling placed, lower right 6.",
  "X-rays taken; review at next visit.",
  "Scale and polish done. Good oral hygiene.",
  "Temporary crown fitted; permanent crown ordered.",
] as const;

export const MEDICAL_HISTORY = [
  "Penicillin allergy.",
  "Type 2 diabetes, well controlled.",
  "Takes warfarin; check INR before extractions.",
  "Asthma (inhaler).",
] as const;

export const CANCELLATION_REASONS = [
  "Patient unwell",
  "Schedule conflict",
  "Rescheduled by the clinic",
  "Dentist unavailable",
  "No longer needed",
  "Travelling",
] as const;
