-- UNLOGGED (edited by hand; drizzle-kit does not model it): rate-limit counters are written on
-- every request, and losing them in a crash only forgives some requests, so their writes skip the WAL.
CREATE UNLOGGED TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
