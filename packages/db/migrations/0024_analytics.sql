CREATE TABLE "analytics_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"properties" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "analytics_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "analytics_instructor_days" (
	"tenant_id" uuid NOT NULL,
	"instructor_id" uuid NOT NULL,
	"day" date NOT NULL,
	"lessons_taught" integer DEFAULT 0 NOT NULL,
	"minutes_taught" integer DEFAULT 0 NOT NULL,
	"cancellations" integer DEFAULT 0 NOT NULL,
	"late_cancellations" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_instructor_days_tenant_id_instructor_id_day_pk" PRIMARY KEY("tenant_id","instructor_id","day")
);
--> statement-breakpoint
ALTER TABLE "analytics_instructor_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "analytics_school_days" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"lessons_taught" integer DEFAULT 0 NOT NULL,
	"minutes_taught" integer DEFAULT 0 NOT NULL,
	"cancellations" integer DEFAULT 0 NOT NULL,
	"late_cancellations" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"revenue_minor" integer DEFAULT 0 NOT NULL,
	"refunded_minor" integer DEFAULT 0 NOT NULL,
	"new_enquiries" integer DEFAULT 0 NOT NULL,
	"tests_taken" integer DEFAULT 0 NOT NULL,
	"tests_passed" integer DEFAULT 0 NOT NULL,
	"first_tests_taken" integer DEFAULT 0 NOT NULL,
	"first_tests_passed" integer DEFAULT 0 NOT NULL,
	"pass_lessons" integer DEFAULT 0 NOT NULL,
	"pass_minutes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_school_days_tenant_id_day_pk" PRIMARY KEY("tenant_id","day")
);
--> statement-breakpoint
ALTER TABLE "analytics_school_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_instructor_days" ADD CONSTRAINT "analytics_instructor_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_school_days" ADD CONSTRAINT "analytics_school_days_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_events_type_idx" ON "analytics_events" USING btree ("tenant_id","type","occurred_at");--> statement-breakpoint
CREATE INDEX "analytics_events_student_idx" ON "analytics_events" USING btree ("tenant_id",("properties" ->> 'studentId'),"type") WHERE "analytics_events"."type" in ('booking.completed', 'test.passed', 'test.failed');--> statement-breakpoint
CREATE INDEX "analytics_instructor_days_day_idx" ON "analytics_instructor_days" USING btree ("tenant_id","day");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "analytics_events" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "analytics_instructor_days" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "analytics_school_days" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));