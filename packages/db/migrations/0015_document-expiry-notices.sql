CREATE TABLE "document_expiry_notices" (
	"tenant_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"notice" text NOT NULL,
	"expires_on" date NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_expiry_notices_tenant_id_document_id_expires_on_notice_pk" PRIMARY KEY("tenant_id","document_id","expires_on","notice")
);
--> statement-breakpoint
ALTER TABLE "document_expiry_notices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "document_expiry_notices" ADD CONSTRAINT "document_expiry_notices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_expiry_notices" ADD CONSTRAINT "document_expiry_notices_document_fk" FOREIGN KEY ("tenant_id","document_id") REFERENCES "public"."documents"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "document_expiry_notices" AS PERMISSIVE FOR ALL TO public USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));