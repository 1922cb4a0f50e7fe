-- Messaging: grants and row-level security (pattern of 0002_tenancy_rls.sql). The sending jobs and
-- callback processing run as the owning role; org-scoped requests run as switchboard_app.
GRANT SELECT, INSERT, UPDATE, DELETE ON campaigns, messages, message_events TO switchboard_app;--> statement-breakpoint
ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON campaigns
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON messages
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE message_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON message_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
