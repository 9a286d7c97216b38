-- The slot checks read a dentist's whole history. Under row-level security the planner may use
-- a condition as an index condition ahead of the policy only if its operator is leakproof;
-- range overlap (&&) is not, so app_slot_taken found its rows by dentist alone and then
-- tested every one of that dentist's appointments ever booked, and app_busy_intervals read all
-- of them that start before the day asked about. Both grew with the clinic's age (in the
-- benchmark the overlap checks were a fifth of PostgreSQL's CPU after 11,000 bookings).
--
-- Timestamp comparisons are leakproof. Given a bound on an appointment's length, "overlaps
-- [from, to)" implies "starts in (from - bound, to)", a range of (dentist_id, starts_at) that
-- the btree indexes find directly. The bound is a day: no treatment or hold is that long, and
-- the constraints below make it a fact the checks may rely on rather than an assumption.

ALTER TABLE "appointments"
  ADD CONSTRAINT "appointments_at_most_a_day" CHECK ("ends_at" - "starts_at" <= interval '1 day');
ALTER TABLE "slot_reservations"
  ADD CONSTRAINT "slot_reservations_at_most_a_day" CHECK ("ends_at" - "starts_at" <= interval '1 day');

-- Same answers as before; the added starts_at bounds only let the index skip rows that cannot
-- overlap, and the exact overlap test stays as it was. The status is compared as text so that
-- the exclusion constraints' partial GiST indexes cannot serve these queries: with statistics
-- that lag behind a fast-growing table (a new clinic, the benchmark) the planner took them,
-- by dentist alone, over the (dentist_id, starts_at) btrees that take the bounds. Plans are
-- kept per connection, so such a choice would last.
CREATE OR REPLACE FUNCTION app_slot_taken(
  p_dentist uuid, p_from timestamptz, p_to timestamptz, p_now timestamptz,
  p_exclude_appointment uuid, p_for_patient uuid
) RETURNS boolean
LANGUAGE plpgsql STABLE SET app.role = 'system' SET search_path = public AS $$
BEGIN
  RETURN EXISTS (
      SELECT 1 FROM "appointments" a
      WHERE a."dentist_id" = p_dentist AND a."status"::text IN ('pending', 'confirmed')
        AND a."starts_at" > p_from - interval '1 day' AND a."starts_at" < p_to
        AND tstzrange(a."starts_at", a."ends_at", '[)') && tstzrange(p_from, p_to, '[)')
        AND (p_exclude_appointment IS NULL OR a."id" <> p_exclude_appointment))
    OR EXISTS (
      SELECT 1 FROM "slot_reservations" r
      WHERE r."dentist_id" = p_dentist AND r."status"::text = 'held'
        AND r."starts_at" > p_from - interval '1 day' AND r."starts_at" < p_to
        AND tstzrange(r."starts_at", r."ends_at", '[)') && tstzrange(p_from, p_to, '[)')
        AND r."expires_at" > p_now
        AND (p_for_patient IS NULL OR r."patient_id" <> p_for_patient));
END
$$;

CREATE OR REPLACE FUNCTION app_busy_intervals(
  p_dentist uuid, p_from timestamptz, p_to timestamptz, p_now timestamptz,
  p_exclude_appointment uuid, p_for_patient uuid
) RETURNS TABLE (starts_at timestamptz, ends_at timestamptz)
LANGUAGE sql STABLE SET app.role = 'system' SET search_path = public AS $$
  SELECT a."starts_at", a."ends_at" FROM "appointments" a
  WHERE a."dentist_id" = p_dentist AND a."status"::text IN ('pending', 'confirmed')
    AND a."starts_at" > p_from - interval '1 day'
    AND a."starts_at" < p_to AND a."ends_at" > p_from
    AND (p_exclude_appointment IS NULL OR a."id" <> p_exclude_appointment)
  UNION ALL
  SELECT r."starts_at", r."ends_at" FROM "slot_reservations" r
  WHERE r."dentist_id" = p_dentist AND r."status"::text = 'held' AND r."expires_at" > p_now
    AND r."starts_at" > p_from - interval '1 day'
    AND r."starts_at" < p_to AND r."ends_at" > p_from
    AND (p_for_patient IS NULL OR r."patient_id" <> p_for_patient)
$$;
