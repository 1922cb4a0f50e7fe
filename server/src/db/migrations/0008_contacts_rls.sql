-- Contacts: grants and row-level security (pattern of 0002_tenancy_rls.sql), plus the trigram
-- indexes behind contact search (name and identity values, `LIKE '%…%'`). fastupdate = off:
-- pg_trgm's GIN also answers `=`, and with a pending list the planner sometimes probed it for
-- exact identity lookups, scanning megabytes of pending entries per probe (seconds per import batch).
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts, contact_identities, identity_conflicts, contact_groups, contact_group_members, suppressions, contact_imports, contact_import_rows, contact_merges TO switchboard_app;--> statement-breakpoint
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contacts
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE contact_identities ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_identities
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE identity_conflicts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON identity_conflicts
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE contact_groups ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_groups
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE contact_group_members ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_group_members
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE suppressions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON suppressions
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE contact_imports ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_imports
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE contact_import_rows ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_import_rows
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE contact_merges ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON contact_merges
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE INDEX contacts_name_trgm_idx ON contacts USING gin (lower(name) gin_trgm_ops) WITH (fastupdate = off);--> statement-breakpoint
CREATE INDEX contact_identities_normalized_trgm_idx ON contact_identities USING gin (normalized gin_trgm_ops) WITH (fastupdate = off);
