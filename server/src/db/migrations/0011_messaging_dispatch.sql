CREATE TABLE "send_rate_limits" (
	"integration_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"next_slot_at" timestamp with time zone DEFAULT now() NOT NULL,
	"blocked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "send_rate_limits" ADD CONSTRAINT "send_rate_limits_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_dispatch_idx" ON "messages" USING btree ("integration_id","next_attempt_at") WHERE "messages"."status" in ('queued', 'sending');