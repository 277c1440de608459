-- Analytics tables are not audited: analytics_events is a log itself (one row per outbox event,
-- written by the worker), and the daily facts are read models rebuilt from it. Auditing them would
-- write an audit row per event and per fact increment for nothing a reader could not derive.
-- dc_secure_tenant_tables now skips any table whose comment starts with 'unaudited:' (the list of
-- core bookkeeping tables stays as it was).
CREATE OR REPLACE FUNCTION dc_secure_tenant_tables() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t record;
  key_args text;
BEGIN
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dualcontrol_platform;
  IF to_regclass('public.tenants') IS NOT NULL THEN
    GRANT SELECT ON tenants TO dualcontrol_app;
  END IF;
  FOR t IN
    SELECT c.oid, c.relname FROM pg_class c
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
    EXECUTE format('DROP TRIGGER IF EXISTS dc_audit ON %I', t.relname);
    -- Bookkeeping tables are not audited: they are logs themselves, or churn (sessions). Nor are
    -- read models rebuilt from audited rows (student_progress from lesson_progress).
    -- A table may also opt out by its comment ('unaudited: <why>'), so read models of later
    -- modules need no new version of this function.
    IF t.relname NOT IN ('audit_logs', 'outbox_events', 'outbox_deliveries', 'idempotency_keys', 'user_sessions',
                         'student_progress')
       AND coalesce(obj_description(t.oid, 'pg_class'), '') NOT LIKE 'unaudited:%' THEN
      SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.i) INTO key_args
        FROM pg_index x
        CROSS JOIN unnest(x.indkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
       WHERE x.indrelid = t.oid AND x.indisprimary;
      EXECUTE format(
        'CREATE OR REPLACE TRIGGER dc_audit_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS dc_new_rows
           FOR EACH STATEMENT EXECUTE FUNCTION dc_audit_statement(%s)', t.relname, coalesce(key_args, ''));
      EXECUTE format(
        'CREATE OR REPLACE TRIGGER dc_audit_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS dc_old_rows NEW TABLE AS dc_new_rows
           FOR EACH STATEMENT EXECUTE FUNCTION dc_audit_statement(%s)', t.relname, coalesce(key_args, ''));
      EXECUTE format(
        'CREATE OR REPLACE TRIGGER dc_audit_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS dc_old_rows
           FOR EACH STATEMENT EXECUTE FUNCTION dc_audit_statement(%s)', t.relname, coalesce(key_args, ''));
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
COMMENT ON TABLE analytics_events IS 'unaudited: one row per domain event, a log itself (analytics module)';
--> statement-breakpoint
COMMENT ON TABLE analytics_school_days IS 'unaudited: read model rebuilt from analytics_events';
--> statement-breakpoint
COMMENT ON TABLE analytics_instructor_days IS 'unaudited: read model rebuilt from analytics_events';
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_insert ON analytics_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_update ON analytics_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_delete ON analytics_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_insert ON analytics_school_days;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_update ON analytics_school_days;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_delete ON analytics_school_days;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_insert ON analytics_instructor_days;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_update ON analytics_instructor_days;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dc_audit_delete ON analytics_instructor_days;
--> statement-breakpoint
SELECT dc_secure_tenant_tables();
