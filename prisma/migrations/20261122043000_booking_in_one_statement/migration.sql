-- Booking in one statement. Every statement of an interactive transaction is a round trip
-- between the API and PostgreSQL, and the per-dentist and event-log locks are held across
-- those round trips; a booking made of a dozen of them spent most of its time in transit and
-- serialised every writer behind the slowest. These functions do the same work, with the
-- same rules, inside the database, so a booking is one statement in one implicit transaction.
--
-- The API still decides what only it can decide (time-zone arithmetic of the dentist's
-- working hours, who may book for whom, the channels of each event) and passes its decision
-- together with the facts it was based on; the function checks those facts under the
-- dentist's lock and answers `stale` when they changed, so the API decides again.

-- The change log's writer: takes the event-log lock (see realtime/outbox.ts for why), wakes
-- the other instances at commit and appends the events in array order. Statements of a
-- PL/pgSQL function run in order, so the lock is held before any event id is drawn.
CREATE FUNCTION app_write_events(p_lock bigint, p_channel text, p_actor uuid, p_events jsonb)
RETURNS void LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(p_lock);
  PERFORM pg_notify(p_channel, '');
  INSERT INTO "realtime_events" ("event_type", "table_name", "record_id", "channels", "payload", "actor_id")
  SELECT e."type", e."table", e."recordId", e."channels", e."payload", p_actor
  FROM ROWS FROM (jsonb_to_recordset(p_events)
      AS ("type" text, "table" text, "recordId" text, "channels" text[], "payload" jsonb))
    WITH ORDINALITY AS e("type", "table", "recordId", "channels", "payload", "n")
  ORDER BY e."n";
END
$$;

-- An instant as JavaScript's toISOString writes it (the columns keep milliseconds).
-- Plain SQL without settings, so the planner inlines these into the statements that use them.
CREATE FUNCTION app_iso(p timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The API's AppointmentView and ReservationView (schemas/views.ts, services/views.ts); a test
-- compares them with the API's own mapping field by field.
CREATE FUNCTION app_appointment_view(
  a "appointments", p_patient_name text, p_dentist_name text, p_type_code text, p_type_name text
) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a."id", 'patientId', a."patient_id", 'patientName', p_patient_name,
    'dentistId', a."dentist_id", 'dentistName', p_dentist_name,
    'typeId', a."type_id", 'typeCode', p_type_code, 'typeName', p_type_name,
    'startsAt', app_iso(a."starts_at"), 'endsAt', app_iso(a."ends_at"),
    'status', a."status", 'source', a."source", 'notes', a."notes",
    'patientNotes', a."patient_notes", 'medicalHistory', a."medical_history",
    'cancellationReason', a."cancellation_reason", 'cancelledAt', app_iso(a."cancelled_at"),
    'version', a."version", 'createdAt', app_iso(a."created_at"),
    'updatedAt', app_iso(a."updated_at"))
$$;

CREATE FUNCTION app_reservation_view(r "slot_reservations") RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', r."id", 'dentistId', r."dentist_id", 'patientId', r."patient_id", 'typeId', r."type_id",
    'startsAt', app_iso(r."starts_at"), 'endsAt', app_iso(r."ends_at"),
    'expiresAt', app_iso(r."expires_at"), 'status', r."status")
$$;

-- A date's working hours as [[startMinute, endMinute], …] in order: its exceptions when it
-- has any (a closed one empties the day), else the weekly hours of its weekday. The same
-- rule as the API's slot computation (services/free-slots.ts).
CREATE FUNCTION app_working_ranges(p_dentist uuid, p_date date) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = public AS $$
DECLARE
  v_count bigint;
  v_closed boolean;
  v_ranges jsonb;
BEGIN
  IF p_date IS NULL THEN
    RETURN '[]'::jsonb;
  END IF;
  SELECT count(*), coalesce(bool_or(e."closed"), false),
         jsonb_agg(jsonb_build_array(e."start_minute", e."end_minute")
                   ORDER BY e."start_minute", e."end_minute") FILTER (WHERE NOT e."closed")
    INTO v_count, v_closed, v_ranges
  FROM "availability_exceptions" e
  WHERE e."dentist_id" = p_dentist AND e."date" = p_date;
  IF v_count > 0 THEN
    RETURN CASE WHEN v_closed THEN '[]'::jsonb ELSE coalesce(v_ranges, '[]'::jsonb) END;
  END IF;
  SELECT jsonb_agg(jsonb_build_array(r."start_minute", r."end_minute")
                   ORDER BY r."start_minute", r."end_minute")
    INTO v_ranges
  FROM "availability_ranges" r
  WHERE r."dentist_id" = p_dentist AND r."weekday" = extract(isodow FROM p_date)::int;
  RETURN coalesce(v_ranges, '[]'::jsonb);
END
$$;

-- Whether anything but this patient's own holds (and the appointment being moved) takes part
-- of [p_from, p_to): the question app_busy_intervals answers for a whole day, as one yes or
-- no for one slot. Runs in the system context (other patients' rows are hidden from the
-- caller) and answers nothing else. PL/pgSQL, so its plan is kept per connection (a SQL
-- function with settings is planned again on every call); the range conditions are the
-- exclusion constraints' own, so their GiST indexes find the overlaps without reading the
-- dentist's whole history.
CREATE FUNCTION app_slot_taken(
  p_dentist uuid, p_from timestamptz, p_to timestamptz, p_now timestamptz,
  p_exclude_appointment uuid, p_for_patient uuid
) RETURNS boolean
LANGUAGE plpgsql STABLE SET app.role = 'system' SET search_path = public AS $$
BEGIN
  RETURN EXISTS (
      SELECT 1 FROM "appointments" a
      WHERE a."dentist_id" = p_dentist AND a."status" IN ('pending', 'confirmed')
        AND tstzrange(a."starts_at", a."ends_at", '[)') && tstzrange(p_from, p_to, '[)')
        AND (p_exclude_appointment IS NULL OR a."id" <> p_exclude_appointment))
    OR EXISTS (
      SELECT 1 FROM "slot_reservations" r
      WHERE r."dentist_id" = p_dentist AND r."status" = 'held'
        AND tstzrange(r."starts_at", r."ends_at", '[)') && tstzrange(p_from, p_to, '[)')
        AND r."expires_at" > p_now
        AND (p_for_patient IS NULL OR r."patient_id" <> p_for_patient));
END
$$;

-- appointments.create (services/appointments.ts). Runs as the acting user (row-level
-- security), in the order of checks the API documents: patient, type, hold, dentist, slot.
-- The request is one JSON object (services/booking-statement.ts names its fields): one
-- parameter costs the API far less to send than two dozen. `schedule` is what the API
-- judged the slot by ({timeZone, slotMinutes, durationMinutes, date, ranges}) and `fits` its
-- verdict (the slot is on the dentist's grid, inside working hours, notice period and
-- booking horizon); both only matter without a hold. Answers {"outcome": …}: "booked" with
-- the appointment view, "stale" with the facts as they are, or the reason for refusing. An
-- overlap the checks did not see still fails the exclusion constraint (23P01), which rolls
-- everything back; so does a lock not granted within `lockWaitMs` (55P03).
CREATE FUNCTION app_book_appointment(p_request jsonb)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  p_user_id uuid := (p_request ->> 'userId')::uuid;
  p_role text := p_request ->> 'role';
  p_actor uuid := (p_request ->> 'actorId')::uuid;
  p_now timestamptz := (p_request ->> 'now')::timestamptz;
  p_patient uuid := (p_request ->> 'patientId')::uuid;
  p_dentist uuid := (p_request ->> 'dentistId')::uuid;
  p_type uuid := (p_request ->> 'typeId')::uuid;
  p_starts_at timestamptz := (p_request ->> 'startsAt')::timestamptz;
  p_reservation uuid := (p_request ->> 'reservationId')::uuid;
  p_status "AppointmentStatus" := (p_request ->> 'status')::"AppointmentStatus";
  p_source "AppointmentSource" := (p_request ->> 'source')::"AppointmentSource";
  p_notes text := p_request ->> 'notes';
  p_patient_notes text := p_request ->> 'patientNotes';
  p_medical_history text := p_request ->> 'medicalHistory';
  p_staff boolean := (p_request ->> 'staff')::boolean;
  p_lock_key text := p_request ->> 'lockKey';
  p_schedule jsonb := nullif(p_request -> 'schedule', 'null'::jsonb);
  p_fits boolean := coalesce((p_request ->> 'fits')::boolean, false);
  p_appointment_channels jsonb := p_request -> 'appointmentChannels';
  p_slot_channels jsonb := p_request -> 'slotChannels';
  p_patient_channels jsonb := p_request -> 'patientChannels';
  p_event_lock bigint := (p_request ->> 'eventLock')::bigint;
  p_notify_channel text := p_request ->> 'notifyChannel';
  p_lock_wait_ms integer := coalesce((p_request ->> 'lockWaitMs')::integer, 10000);
  v_dentist record;
  v_type record;
  v_patient record;
  v_zone record;
  v_hold "slot_reservations";
  v_converted "slot_reservations";
  v_appointment "appointments";
  v_ends_at timestamptz;
  v_date date;
  v_ranges jsonb;
  v_view jsonb;
  v_events jsonb := '[]'::jsonb;
BEGIN
  PERFORM set_config('app.user_id', coalesce(p_user_id::text, ''), true),
          set_config('app.role', coalesce(p_role, ''), true),
          -- Waiting for a lock longer than this fails with 55P03 (the API answers 503), as a
          -- transaction past its timeout did.
          set_config('lock_timeout', p_lock_wait_ms::text, true);

  SELECT u."full_name", u."role"::text AS "role" INTO v_patient
  FROM "users" u WHERE u."id" = p_patient;
  IF NOT FOUND OR (p_staff AND v_patient."role" <> 'patient') THEN
    RETURN '{"outcome": "patient_not_found"}'::jsonb;
  END IF;
  SELECT t."duration_minutes", t."code", t."name" INTO v_type
  FROM "appointment_types" t WHERE t."id" = p_type;
  IF NOT FOUND THEN
    RETURN '{"outcome": "type_not_found"}'::jsonb;
  END IF;

  IF p_reservation IS NULL THEN
    -- The patient's own live hold on exactly this slot, if any, is consumed.
    SELECT * INTO v_hold FROM "slot_reservations" r
    WHERE r."patient_id" = p_patient AND r."dentist_id" = p_dentist
      AND r."starts_at" = p_starts_at AND r."type_id" = p_type
      AND r."status" = 'held' AND r."expires_at" > p_now
    LIMIT 1;
  ELSE
    SELECT * INTO v_hold FROM "slot_reservations" r WHERE r."id" = p_reservation;
    IF NOT FOUND OR v_hold."patient_id" <> p_patient THEN
      RETURN '{"outcome": "hold_not_found"}'::jsonb;
    END IF;
    IF v_hold."status" <> 'held' OR v_hold."expires_at" <= p_now THEN
      RETURN jsonb_build_object('outcome', 'hold_ended', 'reservationStatus',
        CASE WHEN v_hold."status" = 'held' THEN 'expired' ELSE v_hold."status"::text END);
    END IF;
    IF v_hold."dentist_id" <> p_dentist OR v_hold."starts_at" <> p_starts_at
       OR (v_hold."type_id" IS NOT NULL AND v_hold."type_id" <> p_type) THEN
      RETURN '{"outcome": "hold_mismatch"}'::jsonb;
    END IF;
  END IF;

  SELECT du."full_name" AS "name" INTO v_dentist
  FROM "dentists" d JOIN "users" du ON du."id" = d."id" WHERE d."id" = p_dentist;
  IF NOT FOUND THEN
    RETURN '{"outcome": "dentist_not_found"}'::jsonb;
  END IF;
  v_ends_at := p_starts_at + make_interval(mins => v_type."duration_minutes");

  -- A time somebody already has is refused before queueing for the dentist's lock, so the
  -- losers of a race for one slot do not wait for each other. Checked again under the lock.
  IF v_hold."id" IS NULL AND app_slot_taken(p_dentist, p_starts_at, v_ends_at, p_now, NULL, p_patient) THEN
    RETURN '{"outcome": "slot_unavailable"}'::jsonb;
  END IF;

  PERFORM pg_advisory_xact_lock(hashtext(p_lock_key));

  IF v_hold."id" IS NULL THEN
    -- Schedule changes take the same lock, so what is read now holds until commit.
    SELECT d."time_zone", d."slot_minutes", d."active" INTO v_zone
    FROM "dentists" d WHERE d."id" = p_dentist;
    IF NOT FOUND THEN
      RETURN '{"outcome": "dentist_not_found"}'::jsonb;
    END IF;
    IF NOT v_zone."active" THEN
      RETURN '{"outcome": "slot_unavailable"}'::jsonb;
    END IF;
    v_date := (p_schedule ->> 'date')::date;
    v_ranges := app_working_ranges(p_dentist, v_date);
    IF p_schedule IS NULL
       OR (p_schedule ->> 'timeZone') IS DISTINCT FROM v_zone."time_zone"
       OR (p_schedule ->> 'slotMinutes')::int IS DISTINCT FROM v_zone."slot_minutes"
       OR (p_schedule ->> 'durationMinutes')::int IS DISTINCT FROM v_type."duration_minutes"
       OR (p_schedule -> 'ranges') IS DISTINCT FROM v_ranges THEN
      RETURN jsonb_build_object('outcome', 'stale', 'schedule', jsonb_build_object(
        'timeZone', v_zone."time_zone", 'slotMinutes', v_zone."slot_minutes",
        'durationMinutes', v_type."duration_minutes", 'date', v_date, 'ranges', v_ranges));
    END IF;
    IF NOT p_fits OR app_slot_taken(p_dentist, p_starts_at, v_ends_at, p_now, NULL, p_patient) THEN
      RETURN '{"outcome": "slot_unavailable"}'::jsonb;
    END IF;
  ELSE
    -- A live hold already proved the slot free and kept it so.
    UPDATE "slot_reservations" SET "status" = 'converted', "ended_at" = p_now
    WHERE "id" = v_hold."id" AND "status" = 'held'
    RETURNING * INTO v_converted;
    IF NOT FOUND THEN
      RETURN '{"outcome": "slot_unavailable"}'::jsonb;
    END IF;
  END IF;

  INSERT INTO "appointments" (
    "id", "patient_id", "dentist_id", "type_id", "starts_at", "ends_at", "status", "source",
    "notes", "patient_notes", "medical_history"
  ) VALUES (
    gen_random_uuid(), p_patient, p_dentist, p_type, p_starts_at, v_ends_at, p_status, p_source,
    p_notes, p_patient_notes, p_medical_history
  ) RETURNING * INTO v_appointment;
  v_view := app_appointment_view(
    v_appointment, v_patient."full_name", v_dentist."name", v_type."code", v_type."name");

  -- The events services/booking-events.ts describes, in the order the API emits them.
  IF v_converted."id" IS NOT NULL THEN
    v_events := v_events || jsonb_build_object(
      'type', 'reservation.converted', 'table', 'slot_reservations',
      'recordId', v_converted."id", 'channels', p_patient_channels,
      'payload', jsonb_build_object(
        'reservation', app_reservation_view(v_converted), 'appointmentId', v_appointment."id"));
  END IF;
  v_events := v_events || jsonb_build_object(
    'type', 'appointment.created', 'table', 'appointments',
    'recordId', v_appointment."id", 'channels', p_appointment_channels,
    'payload', jsonb_build_object('appointment', v_view));
  v_events := v_events || jsonb_build_object(
    'type', 'slots.changed', 'table', 'appointments',
    'recordId', v_appointment."id", 'channels', p_slot_channels,
    'payload', jsonb_build_object(
      'dentistId', v_appointment."dentist_id", 'startsAt', v_view -> 'startsAt',
      'endsAt', v_view -> 'endsAt', 'effect', 'taken', 'reason', 'booking'));
  PERFORM app_write_events(p_event_lock, p_notify_channel, p_actor, v_events);

  RETURN jsonb_build_object('outcome', 'booked', 'appointment', v_view);
END
$$;
