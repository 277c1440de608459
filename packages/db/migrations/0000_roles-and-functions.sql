-- Roles are cluster-wide, so creation is idempotent. The owner is whoever runs migrations.
-- dualcontrol_app: run-time role of api and worker; RLS applies to it.
-- dualcontrol_platform: operator routes and cross-tenant jobs only; BYPASSRLS.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dualcontrol_app') THEN
    CREATE ROLE dualcontrol_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dualcontrol_platform') THEN
    CREATE ROLE dualcontrol_platform NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO dualcontrol_app, dualcontrol_platform;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- UUIDv7 in SQL (Postgres before 18 has no uuidv7()): 48-bit unix-ms prefix over a random v4, version bits set to 7.
CREATE OR REPLACE FUNCTION dc_uuidv7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
      FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
--> statement-breakpoint
-- Generic audit trail: who (app.user_id / app.actor_kind), which table and row, what changed.
-- SECURITY DEFINER so the app role can have no INSERT on audit_logs and cannot forge entries.
CREATE OR REPLACE FUNCTION dc_audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  before_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  after_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  the_row jsonb;
  changed text[];
  actor text := nullif(current_setting('app.user_id', true), '');
  kind text := nullif(current_setting('app.actor_kind', true), '');
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(k ORDER BY k) INTO changed
      FROM jsonb_object_keys(after_row) AS k WHERE after_row -> k IS DISTINCT FROM before_row -> k;
    IF changed IS NULL THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(k ORDER BY k) INTO changed FROM jsonb_object_keys(after_row) AS k;
  END IF;
  -- Secrets never reach the audit trail; that a secret changed is still recorded in changed_columns.
  before_row := before_row - 'password_hash';
  after_row := after_row - 'password_hash';
  the_row := coalesce(after_row, before_row);
  INSERT INTO audit_logs (tenant_id, id, actor_kind, actor_id, table_name, row_id, action, changed_columns, before, after)
  VALUES ((the_row ->> 'tenant_id')::uuid, dc_uuidv7(),
          coalesce(kind, CASE WHEN actor IS NULL THEN 'system' ELSE 'user' END), actor::uuid,
          TG_TABLE_NAME, coalesce(the_row ->> 'id', the_row ->> 'user_id', the_row ->> 'module_id'),
          lower(TG_OP), changed, before_row, after_row);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Applied after every migration run (see migrate.ts), so a module's new tables are covered the
-- moment they exist: FORCE RLS, grants, and the audit trigger on every table with a tenant_id.
CREATE OR REPLACE FUNCTION dc_secure_tenant_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dualcontrol_platform;
  IF to_regclass('public.tenants') IS NOT NULL THEN
    GRANT SELECT ON tenants TO dualcontrol_app;
  END IF;
  FOR t IN
    SELECT c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
    IF t.relname = 'audit_logs' THEN
      EXECUTE format('GRANT SELECT ON %I TO dualcontrol_app', t.relname);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO dualcontrol_app', t.relname);
    END IF;
    -- Bookkeeping tables are not audited: they are logs themselves, or churn (sessions).
    IF t.relname NOT IN ('audit_logs', 'outbox_events', 'outbox_deliveries', 'idempotency_keys', 'user_sessions') THEN
      EXECUTE format(
        'CREATE OR REPLACE TRIGGER dc_audit AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION dc_audit_row()',
        t.relname);
    END IF;
  END LOOP;
END $$;
