-- Resuming WatchDocumentEvents without gaps. Event ids come from a sequence when a row is
-- inserted, but transactions commit in another order: an event with a lower id can commit
-- after one with a higher id, so "every id after my cursor" misses it. Each event now records
-- its transaction and the commit horizon when it was written: the oldest transaction still
-- running then (its own included). Any event committed later has a higher id or a
-- transaction at or after that horizon, so a cursor (event id, horizon) finds every event
-- committed after it; the event's own transaction is left out, as its events up to the
-- cursor were all delivered before it.

-- Rows written before this migration are committed long ago: transaction 0 never counts as
-- running for any cursor.
ALTER TABLE document_status_changes
  ADD COLUMN xact_id xid8 NOT NULL DEFAULT '0',
  ADD COLUMN horizon xid8 NOT NULL DEFAULT '0';
ALTER TABLE document_status_changes
  ALTER COLUMN xact_id SET DEFAULT pg_current_xact_id(),
  ALTER COLUMN horizon SET DEFAULT pg_snapshot_xmin(pg_current_snapshot());

-- Resuming reads the few recent events of transactions at or after a cursor's horizon.
CREATE INDEX document_status_changes_xact_idx ON document_status_changes (xact_id);

-- The payload is the event's position ("event_id:horizon:xact_id"), so that a replica keeps
-- its place in the commit order without reading the event.
CREATE OR REPLACE FUNCTION sn_notify_document_event() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sn_document_events',
                    NEW.event_id::text || ':' || NEW.horizon::text || ':' || NEW.xact_id::text);
  RETURN NULL;
END $$;
