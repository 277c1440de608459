CREATE TABLE "guardian_invitations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT dc_uuidv7() NOT NULL,
	"student_id" uuid NOT NULL,
	"email" text NOT NULL,
	"relationship" text,
	"can_pay" boolean DEFAULT false NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guardian_invitations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "guardian_invitations_accepted" CHECK (("guardian_invitations"."accepted_at" is null) = ("guardian_invitations"."accepted_by" is null))
);
--> statement-breakpoint
ALTER TABLE "guardian_invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "practice_entries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT dc_uuidv7() NOT NULL,
	"student_id" uuid NOT NULL,
	"supervisor_user_id" uuid NOT NULL,
	"driven_on" date NOT NULL,
	"start_time" text NOT NULL,
	"minutes" integer NOT NULL,
	"night_minutes" integer DEFAULT 0 NOT NULL,
	"notes" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"submitted_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practice_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "practice_entries_values" CHECK ("practice_entries"."minutes" between 1 and 720 and "practice_entries"."night_minutes" between 0 and "practice_entries"."minutes" and "practice_entries"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "practice_entries_decided" CHECK (("practice_entries"."status" = 'pending') = ("practice_entries"."decided_at" is null))
);
--> statement-breakpoint
ALTER TABLE "practice_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "guardian_invitations" ADD CONSTRAINT "guardian_invitations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardian_invitations" ADD CONSTRAINT "guardian_invitations_student_fk" FOREIGN KEY ("tenant_id","student_id") REFERENCES "public"."students"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardian_invitations" ADD CONSTRAINT "guardian_invitations_invited_by_fk" FOREIGN KEY ("tenant_id","invited_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guardian_invitations" ADD CONSTRAINT "guardian_invitations_accepted_by_fk" FOREIGN KEY ("tenant_id","accepted_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_entries" ADD CONSTRAINT "practice_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_entries" ADD CONSTRAINT "practice_entries_student_fk" FOREIGN KEY ("tenant_id","student_id") REFERENCES "public"."students"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_entries" ADD CONSTRAINT "practice_entries_supervisor_fk" FOREIGN KEY ("tenant_id","supervisor_user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_entries" ADD CONSTRAINT "practice_entries_submitted_by_fk" FOREIGN KEY ("tenant_id","submitted_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_entries" ADD CONSTRAINT "practice_entries_decided_by_fk" FOREIGN KEY ("tenant_id","decided_by") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "guardian_invitations_token_key" ON "guardian_invitations" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE INDEX "guardian_invitations_student_idx" ON "guardian_invitations" USING btree ("tenant_id","student_id");--> statement-breakpoint
CREATE UNIQUE INDEX "practice_entries_start_key" ON "practice_entries" USING btree ("tenant_id","student_id","driven_on","start_time");--> statement-breakpoint
CREATE INDEX "practice_entries_supervisor_idx" ON "practice_entries" USING btree ("tenant_id","supervisor_user_id","status");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "guardian_invitations" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "practice_entries" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));