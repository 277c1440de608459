-- Wake the outbox dispatcher the moment a transaction that wrote events commits
-- (NOTIFY is delivered on commit only, so a rolled-back event never wakes anyone).
CREATE OR REPLACE FUNCTION dc_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dc_outbox', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER dc_outbox_notify AFTER INSERT ON outbox_events
  FOR EACH STATEMENT EXECUTE FUNCTION dc_outbox_notify();
