-- Row-level security: the second wall behind query scoping (docs/decisions/002-tenancy-and-rls.md).
-- Org-scoped requests run as the non-superuser role switchboard_app inside a transaction that sets
-- app.org_id and app.user_id with set_config(..., true). Once set in a session, an unset setting
-- reads '' (not NULL), hence nullif(). The migrating role owns the tables and is used only for
-- system work (sign-in, session lookup, workers), so RLS is ENABLEd, not FORCEd.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
    CREATE ROLE switchboard_app NOLOGIN;
  END IF;
END
$$;--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'switchboard_app', 'MEMBER') THEN
    EXECUTE format('GRANT switchboard_app TO %I', current_user);
  END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO switchboard_app;--> statement-breakpoint
-- users: readable (without password_hash) so member lists can show names; never writable.
GRANT SELECT (id, email, name, created_at, updated_at) ON users TO switchboard_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, memberships, invitations, api_keys, audit_log, domain_events, idempotency_keys TO switchboard_app;--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations
  USING (id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON memberships
  USING (
    org_id = nullif(current_setting('app.org_id', true), '')::uuid
    OR user_id = nullif(current_setting('app.user_id', true), '')::uuid
  )
  WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON invitations
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_keys
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_log
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE domain_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON domain_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON idempotency_keys
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
