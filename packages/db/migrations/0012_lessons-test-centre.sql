-- A test's centre is one of the school's locations (scheduling), of kind test_centre. The
-- reference is composite like every tenant key (scheduling publishes only `bookings` to other
-- modules' schema files, so drizzle-kit cannot emit it); the kind is held by a trigger, because
-- a CHECK cannot look at another table. Both refuse with SQLSTATEs the lessons service maps to a
-- 400 problem: 23503 (no such location here) and 23514 (not a test centre).
ALTER TABLE test_records ADD CONSTRAINT test_records_centre_fk
  FOREIGN KEY (tenant_id, centre_location_id) REFERENCES locations (tenant_id, id);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dc_test_records_centre_kind() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A location that does not exist (here) is left to the foreign key (23503).
  IF NEW.centre_location_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM locations l
     WHERE l.tenant_id = NEW.tenant_id AND l.id = NEW.centre_location_id AND l.kind <> 'test_centre'
  ) THEN
    RAISE EXCEPTION 'location % is not a test centre', NEW.centre_location_id
      USING ERRCODE = '23514', CONSTRAINT = 'test_records_centre_kind';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER test_records_centre_kind
  BEFORE INSERT OR UPDATE OF centre_location_id ON test_records
  FOR EACH ROW EXECUTE FUNCTION dc_test_records_centre_kind();
