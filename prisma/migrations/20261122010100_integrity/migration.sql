-- Rules that must hold under any concurrency, enforced by PostgreSQL itself. Prisma's schema
-- language cannot express exclusion constraints or checks, so they live here; the drift test
-- knows these are the only differences allowed between the migrations and schema.prisma.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- One dentist never has two overlapping active appointments. Half-open ranges, so
-- back-to-back appointments (end = next start) are allowed; cancelled and completed ones
-- do not block anything.
ALTER TABLE "appointments"
  ADD CONSTRAINT "appointments_no_overlap"
  EXCLUDE USING gist ("dentist_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" IN ('pending', 'confirmed'));

-- The same for live slot holds.
ALTER TABLE "slot_reservations"
  ADD CONSTRAINT "slot_reservations_no_overlap"
  EXCLUDE USING gist ("dentist_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" = 'held');

ALTER TABLE "appointments"
  ADD CONSTRAINT "appointments_time_order" CHECK ("ends_at" > "starts_at"),
  ADD CONSTRAINT "appointments_version_positive" CHECK ("version" > 0),
  ADD CONSTRAINT "appointments_cancel_fields" CHECK (
    ("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)
  );

ALTER TABLE "slot_reservations"
  ADD CONSTRAINT "slot_reservations_time_order" CHECK ("ends_at" > "starts_at");

ALTER TABLE "appointment_types"
  ADD CONSTRAINT "appointment_types_duration_positive" CHECK ("duration_minutes" > 0 AND "duration_minutes" <= 480);

ALTER TABLE "appointment_documents"
  ADD CONSTRAINT "appointment_documents_size_non_negative" CHECK ("file_size" >= 0);

ALTER TABLE "dentists"
  ADD CONSTRAINT "dentists_slot_minutes_range" CHECK ("slot_minutes" BETWEEN 5 AND 240);

ALTER TABLE "availability_ranges"
  ADD CONSTRAINT "availability_ranges_weekday" CHECK ("weekday" BETWEEN 1 AND 7),
  ADD CONSTRAINT "availability_ranges_minutes" CHECK (
    "start_minute" >= 0 AND "end_minute" <= 1440 AND "end_minute" > "start_minute"
  );

ALTER TABLE "availability_exceptions"
  ADD CONSTRAINT "availability_exceptions_shape" CHECK (
    ("closed" AND "start_minute" IS NULL AND "end_minute" IS NULL)
    OR (NOT "closed" AND "start_minute" >= 0 AND "end_minute" <= 1440 AND "end_minute" > "start_minute")
  );

ALTER TABLE "users"
  ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"));
