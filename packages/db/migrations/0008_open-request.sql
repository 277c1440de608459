-- The first statement of every school request (ARCHITECTURE §3, cost rule): in one round trip it
-- finds the school by slug, makes the transaction the school's (set_config, transaction-local),
-- reads the school's configuration fresh (so no cache of it can go stale across API processes),
-- checks the session, records the caller as the actor, renews a session used in its second half,
-- reads what every request needs about the caller (roles, instructor/student profile, display
-- preferences) and, for reads, makes the rest of the transaction read-only.
-- SECURITY INVOKER: every read below runs under the caller's row-level security, after the
-- tenant setting is made; plpgsql runs its statements in order, so that is guaranteed.
CREATE OR REPLACE FUNCTION dc_open_request(
  p_slug text,
  p_session text,
  p_renew_below interval,
  p_ttl interval,
  p_read_only boolean
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  t record;
  s record;
  result jsonb;
  expires timestamptz;
BEGIN
  SELECT id, slug, name, status, timezone, currency, locale, policies INTO t FROM tenants WHERE slug = p_slug;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('app.tenant_id', t.id::text, true),
          set_config('app.user_id', '', true),
          set_config('app.actor_kind', 'system', true);
  result := jsonb_build_object('tenant', jsonb_build_object(
    'id', t.id, 'slug', t.slug, 'name', t.name, 'status', t.status, 'timezone', t.timezone,
    'currency', t.currency, 'locale', t.locale, 'policies', t.policies,
    'modules', coalesce((SELECT jsonb_object_agg(m.module_id, jsonb_build_object('enabled', m.enabled, 'settings', m.settings))
                           FROM tenant_modules m WHERE m.tenant_id = t.id), '{}'::jsonb)));
  IF p_session IS NOT NULL AND t.status = 'active' THEN
    SELECT u.id, u.email, u.name, us.expires_at,
           coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r
                      WHERE r.tenant_id = t.id AND r.user_id = u.id), '{}') AS roles,
           (SELECT i.id FROM instructors i WHERE i.tenant_id = t.id AND i.user_id = u.id) AS instructor_id,
           (SELECT st.id FROM students st WHERE st.tenant_id = t.id AND st.user_id = u.id) AS student_id,
           p.locale AS pref_locale, p.timezone AS pref_timezone
      INTO s
      FROM user_sessions us
      JOIN users u ON u.tenant_id = us.tenant_id AND u.id = us.user_id
      LEFT JOIN user_preferences p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
     WHERE us.tenant_id = t.id AND us.id = p_session AND us.expires_at > now() AND u.status = 'active';
    IF FOUND THEN
      expires := s.expires_at;
      IF expires - now() < p_renew_below THEN
        expires := now() + p_ttl;
        UPDATE user_sessions SET expires_at = expires WHERE tenant_id = t.id AND id = p_session;
      END IF;
      PERFORM set_config('app.user_id', s.id::text, true), set_config('app.actor_kind', 'user', true);
      result := result || jsonb_build_object('user', jsonb_build_object(
        'id', s.id, 'email', s.email, 'name', s.name, 'roles', to_jsonb(s.roles),
        'expiresAt', expires, 'renewed', expires <> s.expires_at,
        'instructorId', s.instructor_id, 'studentId', s.student_id,
        'preferences', jsonb_build_object('locale', s.pref_locale, 'timezone', s.pref_timezone)));
    END IF;
  END IF;
  IF p_read_only THEN
    PERFORM set_config('transaction_read_only', 'on', true);
  END IF;
  RETURN result;
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION dc_open_request(text, text, interval, interval, boolean) TO dualcontrol_app;
