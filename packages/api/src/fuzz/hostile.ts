import fc from "fast-check";

// Hostile input for the property tests: what a buggy or malicious client may send. Values
// are biased towards the shapes the procedures expect (known field names, ids of rows that
// exist, dates) so that many of them get past the first checks and reach the services.

const TRICKY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "\uFEFF",
  "\u202Eevil",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🦷🦷",
  "Zalgo H̷̛̛e̵̢ ̷c̸o̴m̷e̸s",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "../../etc/passwd",
  "%00%ff",
  "<script>alert(1)</script>",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "true",
  "{}",
  "[]",
  "a,b,,c",
  "pending,",
  "2030-02-30",
  "2030-13-01T00:00:00Z",
  "2030-01-01T25:61:00Z",
  "0000-00-00",
  "9999-12-31T23:59:59.999Z",
  "-271821-04-20T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "2030-01-01",
  "2030-01-08T09:00:00.000Z",
  "2030-01-08T09:00:00+14:00",
  "00000000-0000-0000-0000-000000000000",
  "00000000-0000-4000-8000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "not-a-uuid",
  "a@b",
  "UPPER@CASE.TEST",
];

export const FIELD_NAMES = [
  "id",
  "dentistId",
  "patientId",
  "typeId",
  "userId",
  "reservationId",
  "recordId",
  "actorId",
  "startsAt",
  "date",
  "dateFrom",
  "dateTo",
  "from",
  "to",
  "limit",
  "offset",
  "status",
  "email",
  "password",
  "fullName",
  "phone",
  "dateOfBirth",
  "reason",
  "notes",
  "patientNotes",
  "medicalHistory",
  "source",
  "expectedVersion",
  "weekly",
  "weekday",
  "startMinute",
  "endMinute",
  "slotMinutes",
  "closed",
  "durationMinutes",
  "search",
  "activeOnly",
  "table",
  "lastEventId",
  "text",
  "timeZone",
  "specialty",
  "active",
  "bio",
];

export function hostileString(knownIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    { weight: 2, arbitrary: knownIds.length > 0 ? fc.constantFrom(...knownIds) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 60_000 }).map((n) => "x".repeat(n)) },
  );
}

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -5, max: 1_500 }),
  fc.double(),
  fc.constantFrom(
    -1,
    0,
    1,
    0.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
  ),
);

/** Anything JSON-ish (and a little beyond: undefined, NaN), nested a few levels. */
export function hostileValue(knownIds: string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      hostileString(knownIds),
      hostileNumber,
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie("value"), { maxKeys: 5 }),
    ),
  }));
  return value;
}

/** Inputs for a procedure: mostly objects with the field names procedures use. */
export function hostileInput(knownIds: string[]): fc.Arbitrary<unknown> {
  const field = fc.oneof(hostileString(knownIds), hostileNumber, hostileValue(knownIds));
  return fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), field, { maxKeys: 6 }) },
    { weight: 1, arbitrary: hostileValue(knownIds) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}
