-- The audit trail is written once per statement, not once per row: a row trigger ran a plpgsql
-- call and an INSERT for each row, which was half of a 27-entry lesson record's time (11 of 24 ms
-- in its upsert). The statement triggers read the statement's transition tables and write every
-- audit row with one INSERT … SELECT. What is recorded is unchanged: who, which table and row,
-- insert/update/delete, the changed columns, before and after (never password_hash), and an
-- UPDATE that changed nothing records nothing.
--
-- Transition tables allow one event per trigger, hence three triggers per table. An UPDATE's old
-- and new rows are paired by the table's primary key, passed as the trigger's arguments by
-- dc_secure_tenant_tables (re-run after every migration, so a changed key is picked up).
CREATE OR REPLACE FUNCTION dc_audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  actor text := nullif(current_setting('app.user_id', true), '');
  kind text := coalesce(nullif(current_setting('app.actor_kind', true), ''),
                        CASE WHEN actor IS NULL THEN 'system' ELSE 'user' END);
  key_columns text[] := TG_ARGV::text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit_logs (tenant_id, id, actor_kind, actor_id, table_name, row_id, action, changed_columns, before, after)
    SELECT (r ->> 'tenant_id')::uuid, dc_uuidv7(), kind, actor::uuid, TG_TABLE_NAME,
           coalesce(r ->> 'id', r ->> 'user_id', r ->> 'module_id'), 'insert',
           (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(r) AS k), NULL, r - 'password_hash'
      FROM (SELECT to_jsonb(n) AS r FROM dc_new_rows n) AS inserted;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO audit_logs (tenant_id, id, actor_kind, actor_id, table_name, row_id, action, changed_columns, before, after)
    SELECT (r ->> 'tenant_id')::uuid, dc_uuidv7(), kind, actor::uuid, TG_TABLE_NAME,
           coalesce(r ->> 'id', r ->> 'user_id', r ->> 'module_id'), 'delete', NULL, r - 'password_hash', NULL
      FROM (SELECT to_jsonb(o) AS r FROM dc_old_rows o) AS deleted;
  ELSE
    INSERT INTO audit_logs (tenant_id, id, actor_kind, actor_id, table_name, row_id, action, changed_columns, before, after)
    SELECT (coalesce(a, b) ->> 'tenant_id')::uuid, dc_uuidv7(), kind, actor::uuid, TG_TABLE_NAME,
           coalesce(coalesce(a, b) ->> 'id', coalesce(a, b) ->> 'user_id', coalesce(a, b) ->> 'module_id'), 'update',
           changed, b - 'password_hash', a - 'password_hash'
      FROM (
        SELECT olds.r AS b, news.r AS a,
               (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(coalesce(news.r, olds.r)) AS k
                 WHERE news.r -> k IS DISTINCT FROM olds.r -> k) AS changed
          FROM (SELECT to_jsonb(o) AS r,
                       (SELECT jsonb_agg(to_jsonb(o) -> c ORDER BY i) FROM unnest(key_columns) WITH ORDINALITY AS u(c, i)) AS pk
                  FROM dc_old_rows o) AS olds
          -- A row whose key itself changed has no partner: it is still recorded, with one side.
          FULL JOIN (SELECT to_jsonb(n) AS r,
                            (SELECT jsonb_agg(to_jsonb(n) -> c ORDER BY i) FROM unnest(key_columns) WITH ORDINALITY AS u(c, i)) AS pk
                       FROM dc_new_rows n) AS news ON news.pk = olds.pk
      ) AS updated
     WHERE changed IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
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
    IF t.relname NOT IN ('audit_logs', 'outbox_events', 'outbox_deliveries', 'idempotency_keys', 'user_sessions',
                         'student_progress') THEN
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
-- Swap every table's triggers now, so the row function has no user left.
SELECT dc_secure_tenant_tables();
--> statement-breakpoint
DROP FUNCTION IF EXISTS dc_audit_row();
