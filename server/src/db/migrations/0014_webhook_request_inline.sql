ALTER TABLE "webhook_events" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "raw_body" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "headers" jsonb;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "verified" boolean;