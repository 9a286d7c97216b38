-- Every booking writes two or three change events, and each event's channels go into this
-- GIN index. With GIN's fast update (the default) new entries wait in a pending list that is
-- merged into the index in one go by whichever writer overflows it, or by autovacuum: a pause
-- in that writer's transaction and a burst of CPU at no predictable time. PostgreSQL's
-- documentation (GIN tips) advises turning it off when steady response time matters more
-- than insert speed, as it does for bookings.
ALTER INDEX "realtime_events_channels_idx" SET (fastupdate = off);

-- Entries already pending are merged now rather than at some later insert.
SELECT gin_clean_pending_list('realtime_events_channels_idx'::regclass);
