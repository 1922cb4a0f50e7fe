-- Send pacing: written by the sending jobs (owning role); the app role may read and reset it.
GRANT SELECT, INSERT, UPDATE, DELETE ON send_rate_limits TO switchboard_app;--> statement-breakpoint
ALTER TABLE send_rate_limits ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON send_rate_limits
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
