DROP INDEX "messages_campaign_contact_uq";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "recipient_contact_id" uuid;--> statement-breakpoint
-- Campaign messages made so far were keyed on contact_id, which was unique per campaign.
UPDATE "messages" SET "recipient_contact_id" = "contact_id" WHERE "campaign_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_campaign_recipient_uq" ON "messages" USING btree ("campaign_id","recipient_contact_id") WHERE "messages"."campaign_id" is not null;