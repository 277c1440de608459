-- No double booking, enforced by PostgreSQL itself: concurrent requests for one slot cannot both
-- commit. An instructor's active bookings may not overlap including their buffers; a vehicle and a
-- student hold at most one active booking at a time. Violations raise SQLSTATE 23P01.

-- timestamptz ± interval is only STABLE (day/month units depend on the zone); shifting by whole
-- minutes does not, so this wrapper is honestly IMMUTABLE and usable in an index expression.
CREATE OR REPLACE FUNCTION dc_shift_minutes(at timestamptz, minutes integer) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT at + make_interval(mins => minutes) $$;
--> statement-breakpoint
ALTER TABLE bookings ADD CONSTRAINT bookings_instructor_no_overlap EXCLUDE USING gist (
  tenant_id WITH =,
  instructor_id WITH =,
  tstzrange(dc_shift_minutes(starts_at, -buffer_before_minutes), dc_shift_minutes(ends_at, buffer_after_minutes), '[)') WITH &&
) WHERE (status IN ('pending', 'confirmed', 'in_progress'));
--> statement-breakpoint
ALTER TABLE bookings ADD CONSTRAINT bookings_vehicle_no_overlap EXCLUDE USING gist (
  tenant_id WITH =,
  vehicle_id WITH =,
  tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (vehicle_id IS NOT NULL AND status IN ('pending', 'confirmed', 'in_progress'));
--> statement-breakpoint
ALTER TABLE bookings ADD CONSTRAINT bookings_student_no_overlap EXCLUDE USING gist (
  tenant_id WITH =,
  student_id WITH =,
  tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status IN ('pending', 'confirmed', 'in_progress'));
