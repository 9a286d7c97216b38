-- Row-level security (requirement 5.5). The API connects as the role `dentalcare_app`, which
-- is neither superuser nor BYPASSRLS, and names the acting user at the start of every
-- transaction with set_config('app.user_id', …, true) and set_config('app.role', …, true).
-- A connection that names nobody sees no row of the protected tables. The `system` role is
-- the server acting for itself: the event hub, the hold sweeper, sign-in and sign-up.
--
-- Trust model: these settings are chosen by the API, not by its clients, so the policies
-- stop a query that forgot its filter or a wrong id from reaching another user's rows; they
-- do not stop code that deliberately sets `app.role`. Migrations, the seed and the tests
-- connect as the owner (a superuser in the embedded and test clusters) and are not subject
-- to the policies.

-- The role is shared by every database of the cluster; it may exist already. Without the
-- right to create roles the API falls back to connecting as the owner (see the README).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dentalcare_app') THEN
    BEGIN
      CREATE ROLE dentalcare_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'cannot create role dentalcare_app: %', SQLERRM;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dentalcare_app') THEN
    GRANT USAGE ON SCHEMA public TO dentalcare_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dentalcare_app;
    REVOKE ALL ON "_prisma_migrations" FROM dentalcare_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dentalcare_app;
    -- Tables added by later migrations (run by the same owner) are usable at once; a table
    -- that holds personal data still needs its own policies.
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dentalcare_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dentalcare_app;
  END IF;
END $$;

-- The acting user and role of the current transaction ('' and 'none' when unset). Plain SQL
-- functions, so the planner inlines them into each policy as cheap per-row expressions that
-- indexes can use (wrapping them in sub-selects costs several milliseconds of planning on
-- every query).
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;

CREATE FUNCTION app_role() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('app.role', true), ''), 'none')
$$;

-- users (profiles): staff, the system and its service principals (the booking assistant)
-- see everyone; a patient sees their own row and the dentists (whose names their
-- appointments show). Only an admin or the system creates or deletes accounts; a user may
-- update their own row but not give it another role.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
CREATE POLICY users_read ON "users" FOR SELECT USING (
  app_role() IN ('admin', 'dentist', 'system', 'service')
  OR "id" = app_user_id()
  OR (app_role() <> 'none' AND "role" = 'dentist')
);
CREATE POLICY users_insert ON "users" FOR INSERT
  WITH CHECK (app_role() IN ('admin', 'system'));
CREATE POLICY users_update ON "users" FOR UPDATE
  USING (app_role() IN ('admin', 'system') OR "id" = app_user_id())
  WITH CHECK (
    app_role() IN ('admin', 'system')
    OR ("id" = app_user_id() AND "role"::text = app_role())
  );
CREATE POLICY users_delete ON "users" FOR DELETE
  USING (app_role() IN ('admin', 'system'));

-- appointments: a patient their own, a dentist those in their own schedule, admins and the
-- system all. Deleting is for admins and the system only (cancelling is an update).
ALTER TABLE "appointments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "appointments" FORCE ROW LEVEL SECURITY;
CREATE POLICY appointments_read ON "appointments" FOR SELECT USING (
  app_role() IN ('admin', 'system')
  OR (app_role() = 'patient' AND "patient_id" = app_user_id())
  OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
);
CREATE POLICY appointments_insert ON "appointments" FOR INSERT WITH CHECK (
  app_role() IN ('admin', 'system')
  OR (app_role() = 'patient' AND "patient_id" = app_user_id())
  OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
);
CREATE POLICY appointments_update ON "appointments" FOR UPDATE
  USING (
    app_role() IN ('admin', 'system')
    OR (app_role() = 'patient' AND "patient_id" = app_user_id())
    OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
  )
  WITH CHECK (
    app_role() IN ('admin', 'system')
    OR (app_role() = 'patient' AND "patient_id" = app_user_id())
    OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
  );
CREATE POLICY appointments_delete ON "appointments" FOR DELETE
  USING (app_role() IN ('admin', 'system'));

-- slot_reservations (holds): the same rule as appointments.
ALTER TABLE "slot_reservations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "slot_reservations" FORCE ROW LEVEL SECURITY;
CREATE POLICY holds_read ON "slot_reservations" FOR SELECT USING (
  app_role() IN ('admin', 'system')
  OR (app_role() = 'patient' AND "patient_id" = app_user_id())
  OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
);
CREATE POLICY holds_insert ON "slot_reservations" FOR INSERT WITH CHECK (
  app_role() IN ('admin', 'system')
  OR (app_role() = 'patient' AND "patient_id" = app_user_id())
);
CREATE POLICY holds_update ON "slot_reservations" FOR UPDATE
  USING (
    app_role() IN ('admin', 'system')
    OR (app_role() = 'patient' AND "patient_id" = app_user_id())
    OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
  )
  WITH CHECK (
    app_role() IN ('admin', 'system')
    OR (app_role() = 'patient' AND "patient_id" = app_user_id())
    OR (app_role() = 'dentist' AND "dentist_id" = app_user_id())
  );
CREATE POLICY holds_delete ON "slot_reservations" FOR DELETE
  USING (app_role() IN ('admin', 'system'));

-- appointment_documents: visible with the appointment they belong to (the inner query is
-- itself filtered by the appointments policies); written by their uploader.
ALTER TABLE "appointment_documents" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "appointment_documents" FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_read ON "appointment_documents" FOR SELECT USING (
  app_role() IN ('admin', 'system')
  OR EXISTS (SELECT 1 FROM "appointments" a WHERE a."id" = "appointment_id")
);
CREATE POLICY documents_insert ON "appointment_documents" FOR INSERT WITH CHECK (
  app_role() IN ('admin', 'system')
  OR ("uploaded_by" = app_user_id()
      AND EXISTS (SELECT 1 FROM "appointments" a WHERE a."id" = "appointment_id"))
);
CREATE POLICY documents_change ON "appointment_documents" FOR UPDATE
  USING (app_role() IN ('admin', 'system') OR "uploaded_by" = app_user_id())
  WITH CHECK (app_role() IN ('admin', 'system') OR "uploaded_by" = app_user_id());
CREATE POLICY documents_delete ON "appointment_documents" FOR DELETE
  USING (app_role() IN ('admin', 'system') OR "uploaded_by" = app_user_id());

-- realtime_events (the change log): the system reads and maintains it; admins read it (the
-- audit trail); anyone else sees the events on their own channels or that they caused.
-- Every event records its actor: a user can only write events in their own name (a service
-- principal, with no user, writes them with no actor).
ALTER TABLE "realtime_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "realtime_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY events_read ON "realtime_events" FOR SELECT USING (
  app_role() IN ('admin', 'system')
  OR "actor_id" = app_user_id()
  OR "channels" && ARRAY[
    'appointments:patient:' || app_user_id()::text,
    'appointments:dentist:' || app_user_id()::text,
    'profiles:user:' || app_user_id()::text
  ]
);
CREATE POLICY events_insert ON "realtime_events" FOR INSERT WITH CHECK (
  app_role() = 'system'
  OR (app_role() = 'service' AND "actor_id" IS NULL)
  OR (app_role() IN ('admin', 'dentist', 'patient') AND "actor_id" = app_user_id())
);
CREATE POLICY events_maintain ON "realtime_events" FOR UPDATE
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
CREATE POLICY events_prune ON "realtime_events" FOR DELETE USING (app_role() = 'system');

-- The clinic's directory and schedules are readable by every signed-in screen; only the
-- dentist concerned, an admin or the system change them.
ALTER TABLE "dentists" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "dentists" FORCE ROW LEVEL SECURITY;
CREATE POLICY dentists_read ON "dentists" FOR SELECT USING (app_role() <> 'none');
CREATE POLICY dentists_write ON "dentists" FOR ALL
  USING (app_role() IN ('admin', 'system') OR "id" = app_user_id())
  WITH CHECK (app_role() IN ('admin', 'system') OR "id" = app_user_id());

ALTER TABLE "availability_ranges" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "availability_ranges" FORCE ROW LEVEL SECURITY;
CREATE POLICY ranges_read ON "availability_ranges" FOR SELECT USING (app_role() <> 'none');
CREATE POLICY ranges_write ON "availability_ranges" FOR ALL
  USING (app_role() IN ('admin', 'system') OR "dentist_id" = app_user_id())
  WITH CHECK (app_role() IN ('admin', 'system') OR "dentist_id" = app_user_id());

ALTER TABLE "availability_exceptions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "availability_exceptions" FORCE ROW LEVEL SECURITY;
CREATE POLICY exceptions_read ON "availability_exceptions" FOR SELECT
  USING (app_role() <> 'none');
CREATE POLICY exceptions_write ON "availability_exceptions" FOR ALL
  USING (app_role() IN ('admin', 'system') OR "dentist_id" = app_user_id())
  WITH CHECK (app_role() IN ('admin', 'system') OR "dentist_id" = app_user_id());

ALTER TABLE "appointment_types" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "appointment_types" FORCE ROW LEVEL SECURITY;
CREATE POLICY types_read ON "appointment_types" FOR SELECT USING (app_role() <> 'none');
CREATE POLICY types_write ON "appointment_types" FOR ALL
  USING (app_role() IN ('admin', 'system'))
  WITH CHECK (app_role() IN ('admin', 'system'));

-- The chat (a patient's conversation with the booking assistant): the patient's own; the
-- assistant's worker acts as the system or as a service principal.
DO $$
BEGIN
  IF to_regclass('public.chat_conversations') IS NOT NULL THEN
    ALTER TABLE "chat_conversations" ENABLE ROW LEVEL SECURITY;
    ALTER TABLE "chat_conversations" FORCE ROW LEVEL SECURITY;
    CREATE POLICY chat_conversations_access ON "chat_conversations" FOR ALL
      USING (app_role() IN ('admin', 'system', 'service')
             OR "patient_id" = app_user_id())
      WITH CHECK (app_role() IN ('admin', 'system', 'service')
                  OR "patient_id" = app_user_id());
  END IF;
  IF to_regclass('public.chat_messages') IS NOT NULL THEN
    ALTER TABLE "chat_messages" ENABLE ROW LEVEL SECURITY;
    ALTER TABLE "chat_messages" FORCE ROW LEVEL SECURITY;
    CREATE POLICY chat_messages_access ON "chat_messages" FOR ALL
      USING (app_role() IN ('admin', 'system', 'service')
             OR EXISTS (SELECT 1 FROM "chat_conversations" c WHERE c."id" = "conversation_id"))
      WITH CHECK (app_role() IN ('admin', 'system', 'service')
                  OR EXISTS (SELECT 1 FROM "chat_conversations" c WHERE c."id" = "conversation_id"));
  END IF;
END $$;

-- What every booking must know about a dentist's other patients, and nothing more: the
-- intervals that are taken. Runs in the system context so it sees every row, and returns
-- only times.
CREATE FUNCTION app_busy_intervals(
  p_dentist uuid, p_from timestamptz, p_to timestamptz, p_now timestamptz,
  p_exclude_appointment uuid, p_for_patient uuid
) RETURNS TABLE (starts_at timestamptz, ends_at timestamptz)
LANGUAGE sql STABLE SET app.role = 'system' SET search_path = public AS $$
  SELECT a."starts_at", a."ends_at" FROM "appointments" a
  WHERE a."dentist_id" = p_dentist AND a."status" IN ('pending', 'confirmed')
    AND a."starts_at" < p_to AND a."ends_at" > p_from
    AND (p_exclude_appointment IS NULL OR a."id" <> p_exclude_appointment)
  UNION ALL
  SELECT r."starts_at", r."ends_at" FROM "slot_reservations" r
  WHERE r."dentist_id" = p_dentist AND r."status" = 'held' AND r."expires_at" > p_now
    AND r."starts_at" < p_to AND r."ends_at" > p_from
    AND (p_for_patient IS NULL OR r."patient_id" <> p_for_patient)
$$;

-- A hold that lapsed still blocks its time in the exclusion constraint until it is marked
-- expired. Whoever wants the time may expire anyone's lapsed holds there (and announce them).
CREATE FUNCTION app_expire_lapsed_holds(
  p_now timestamptz, p_dentist uuid, p_from timestamptz, p_to timestamptz
) RETURNS SETOF "slot_reservations"
LANGUAGE sql VOLATILE SET app.role = 'system' SET search_path = public AS $$
  UPDATE "slot_reservations" SET "status" = 'expired', "ended_at" = p_now
  WHERE "status" = 'held' AND "expires_at" <= p_now
    AND (p_dentist IS NULL OR "dentist_id" = p_dentist)
    AND (p_from IS NULL OR p_to IS NULL OR ("starts_at" < p_to AND "ends_at" > p_from))
  RETURNING *
$$;

-- Whether a row exists at all, so that "not yours" (403) stays distinct from "no such
-- thing" (404) for rows the policies hide.
CREATE FUNCTION app_row_exists(p_table text, p_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SET app.role = 'system' SET search_path = public AS $$
DECLARE
  found boolean;
BEGIN
  IF p_table NOT IN ('appointments', 'slot_reservations', 'users', 'appointment_documents') THEN
    RAISE EXCEPTION 'app_row_exists: unknown table %', p_table;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE "id" = $1)', p_table) INTO found USING p_id;
  RETURN found;
END
$$;
