CREATE TABLE "provider_rollups" (
	"org_id" uuid NOT NULL,
	"level" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"integration_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"latency_count" bigint DEFAULT 0 NOT NULL,
	"latency_sum" bigint DEFAULT 0 NOT NULL,
	"latency_hist" jsonb,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_rollups_pk" PRIMARY KEY("org_id","level","bucket_start","integration_id","kind","outcome","channel")
);
--> statement-breakpoint
CREATE TABLE "rollup_watermarks" (
	"name" text PRIMARY KEY NOT NULL,
	"last_xid" "xid8" DEFAULT '0'::xid8 NOT NULL,
	"last_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counted" bigint DEFAULT 0 NOT NULL,
	"lag_seconds" integer
);
--> statement-breakpoint
ALTER TABLE "provider_events" ADD COLUMN "ingest_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "provider_events_ingest_idx" ON "provider_events" USING btree ("ingest_xid","id");--> statement-breakpoint
-- Tenants read their own rollups; only the rollup job (the owning role) writes them.
GRANT SELECT ON provider_rollups TO switchboard_app;--> statement-breakpoint
ALTER TABLE provider_rollups ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON provider_rollups
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
