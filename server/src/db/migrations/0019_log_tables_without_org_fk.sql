ALTER TABLE "provider_events" DROP CONSTRAINT "provider_events_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_requests" DROP CONSTRAINT "webhook_requests_org_id_organizations_id_fk";
