CREATE TABLE "device_settings" (
	"tenant_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"label" text,
	"muted" boolean DEFAULT false NOT NULL,
	"critical_only" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_settings_tenant_id_device_id_pk" PRIMARY KEY("tenant_id","device_id")
);
--> statement-breakpoint
ALTER TABLE "device_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "device_settings" ADD CONSTRAINT "device_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_settings" ADD CONSTRAINT "device_settings_device_fk" FOREIGN KEY ("tenant_id","device_id") REFERENCES "public"."user_devices"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "device_settings" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));