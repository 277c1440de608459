-- student_progress is a read model: every row is derived from lesson_progress, which stays
-- audited. dc_secure_tenant_tables (run after every migration) now leaves it out, and its
-- existing trigger goes.
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
    -- Bookkeeping tables are not audited: they are logs themselves, or churn (sessions). Nor are
    -- read models rebuilt from audited rows (student_progress from lesson_progress): auditing
    -- them doubled the audit rows of every lesson record for nothing a reader could not derive.
    IF t.relname NOT IN ('audit_logs', 'outbox_events', 'outbox_deliveries', 'idempotency_keys', 'user_sessions',
                         'student_progress') THEN
      EXECUTE format(
        'CREATE OR REPLACE TRIGGER dc_audit AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION dc_audit_row()',
        t.relname);
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit ON student_progress;
