CREATE TABLE "alert_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"comment" text,
	CONSTRAINT "alert_events_actor_check" CHECK ("alert_events"."actor_type" in ('user', 'api_key', 'system'))
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"scope_integration_id" uuid,
	"scope_provider" text,
	"scope_channel" text,
	"latency_metric" text,
	"threshold" double precision NOT NULL,
	"window_minutes" integer NOT NULL,
	"min_events" integer NOT NULL,
	"severity" text NOT NULL,
	"auto_resolve" boolean DEFAULT true NOT NULL,
	"resolve_after_ok_evaluations" integer DEFAULT 3 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"default_for" text,
	"last_evaluated_tick" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_rules_kind_check" CHECK ("alert_rules"."kind" in ('failure_rate', 'latency_p95', 'callback_silence', 'signature_rejections', 'token_refresh_failures')),
	CONSTRAINT "alert_rules_severity_check" CHECK ("alert_rules"."severity" in ('info', 'warning', 'critical')),
	CONSTRAINT "alert_rules_window_check" CHECK ("alert_rules"."window_minutes" between 1 and 1440),
	CONSTRAINT "alert_rules_min_events_check" CHECK ("alert_rules"."min_events" >= 0),
	CONSTRAINT "alert_rules_resolve_after_check" CHECK ("alert_rules"."resolve_after_ok_evaluations" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"key" text NOT NULL,
	"integration_id" uuid,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"last_value" double precision NOT NULL,
	"breach_count" integer DEFAULT 1 NOT NULL,
	"ok_count" integer DEFAULT 0 NOT NULL,
	"window_minutes" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"last_evaluated_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_type" text,
	"acknowledged_by_id" uuid,
	"acknowledged_by_name" text,
	"resolved_at" timestamp with time zone,
	"resolved_by_type" text,
	"resolved_by_id" uuid,
	"resolved_by_name" text,
	"resolution" text,
	"silenced_until" timestamp with time zone,
	"previous_alert_id" uuid,
	CONSTRAINT "alerts_status_check" CHECK ("alerts"."status" in ('open', 'acknowledged', 'resolved')),
	CONSTRAINT "alerts_resolution_check" CHECK ("alerts"."resolution" is null or "alerts"."resolution" in ('auto', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_scope_integration_id_integrations_id_fk" FOREIGN KEY ("scope_integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_previous_alert_id_alerts_id_fk" FOREIGN KEY ("previous_alert_id") REFERENCES "public"."alerts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_events_alert_idx" ON "alert_events" USING btree ("alert_id","at","id");--> statement-breakpoint
CREATE INDEX "alert_rules_org_idx" ON "alert_rules" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_default_uq" ON "alert_rules" USING btree ("scope_integration_id","default_for") WHERE "alert_rules"."default_for" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_unresolved_uq" ON "alerts" USING btree ("rule_id","key") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_org_opened_idx" ON "alerts" USING btree ("org_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "alerts_rule_key_idx" ON "alerts" USING btree ("rule_id","key","opened_at");