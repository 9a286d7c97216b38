-- The change log without a commit-wide lock. Until now every writer took one advisory lock
-- before drawing its event ids and queued a NOTIFY, and held both until its commit had been
-- flushed to disk: ids then came out in commit order, but every writing transaction in the
-- clinic committed one after the other. Under booking load most of a booking's time was spent
-- waiting for that lock (pg_stat_activity: several connections at a time on Lock:advisory, then
-- on the NOTIFY queue's lock once the first was gone).
--
-- Now transactions commit concurrently, and the reader (realtime/hub.ts) copes with ids that
-- commit out of order: it hands events out in id order and stops at a missing id until that id
-- is either committed or certainly never will be. "Certainly" needs one fact from the writer:
-- its transaction id exists before it draws an event id, so a transaction that could still
-- commit a missing id already had its transaction id when a later id was seen. The reader then
-- draws a transaction id of its own, above all of those; once every transaction below it has
-- ended (pg_snapshot_xmin has reached it), a still-missing id was rolled back. The wake-up of
-- other instances is sent by the API after the commit (hub.ts), outside the writer's
-- transaction.

-- Appends the events in array order. pg_current_xact_id() assigns the transaction id now if
-- the transaction has none yet (the reader's rule above depends on it).
CREATE FUNCTION app_write_events(p_actor uuid, p_events jsonb)
RETURNS void LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
BEGIN
  PERFORM pg_current_xact_id();
  INSERT INTO "realtime_events" ("event_type", "table_name", "record_id", "channels", "payload", "actor_id")
  SELECT e."type", e."table", e."recordId", e."channels", e."payload", p_actor
  FROM ROWS FROM (jsonb_to_recordset(p_events)
      AS ("type" text, "table" text, "recordId" text, "channels" text[], "payload" jsonb))
    WITH ORDINALITY AS e("type", "table", "recordId", "channels", "payload", "n")
  ORDER BY e."n";
END
$$;

-- The booking function as before, writing its events through the new writer.
CREATE OR REPLACE FUNCTION app_book_appointment(p_request jsonb)
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
  PERFORM app_write_events(p_actor, v_events);

  RETURN jsonb_build_object('outcome', 'booked', 'appointment', v_view);
END
$$;

DROP FUNCTION app_write_events(bigint, text, uuid, jsonb);
