-- Integrations: grants and row-level security (pattern of 0002_tenancy_rls.sql). Webhook ingestion
-- and the processing job run as the owning role (no org context yet when a callback arrives);
-- org-scoped requests run as switchboard_app under these policies.
GRANT SELECT, INSERT, UPDATE, DELETE ON integrations, provider_events, webhook_requests, webhook_events TO switchboard_app;--> statement-breakpoint
ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON integrations
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE provider_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON provider_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE webhook_requests ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_requests
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
