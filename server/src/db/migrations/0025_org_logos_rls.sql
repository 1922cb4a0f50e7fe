-- org_logos under row-level security like every tenant table (decision 002). The public logo route
-- reads it in a transaction scoped to the org its URL names, so RLS holds there too.
GRANT SELECT, INSERT, UPDATE, DELETE ON org_logos TO switchboard_app;--> statement-breakpoint
ALTER TABLE org_logos ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON org_logos
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
