-- Templates: tenant isolation (docs/decisions/002-tenancy-and-rls.md) and immutable versions
-- (docs/decisions/007-templates.md): the app role may add versions but never change or remove one.
GRANT SELECT, INSERT, UPDATE ON templates TO switchboard_app;--> statement-breakpoint
GRANT SELECT, INSERT ON template_versions TO switchboard_app;--> statement-breakpoint
ALTER TABLE templates ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON templates
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE template_versions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON template_versions
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
