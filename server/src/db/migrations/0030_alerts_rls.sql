-- Alert rules, alerts and their events under row-level security like every tenant table
-- (decision 002). The evaluator works across orgs as the table owner, like the rollup.
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_rules, alerts, alert_events TO switchboard_app;--> statement-breakpoint
ALTER TABLE alert_rules ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE alert_events ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_rules
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY tenant_isolation ON alerts
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY tenant_isolation ON alert_events
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
-- The default rules of integrations that exist already (new ones get them from the
-- integration.created subscription; the same three, see features/alerts/defaults.ts).
INSERT INTO alert_rules (id, org_id, name, kind, scope_integration_id, threshold, window_minutes,
                         min_events, severity, default_for)
SELECT gen_random_uuid(), i.org_id, d.name, d.kind, i.id, d.threshold, d.window_minutes,
       d.min_events, d.severity, d.kind
FROM integrations i
CROSS JOIN (VALUES
  ('Failure rate above 20%', 'failure_rate', 0.2::float8, 15, 20, 'warning'),
  ('Delivery reports stopped', 'callback_silence', 0::float8, 30, 1, 'warning'),
  ('Forged or unsigned callbacks', 'signature_rejections', 10::float8, 15, 0, 'critical')
) AS d(name, kind, threshold, window_minutes, min_events, severity)
WHERE d.kind <> 'callback_silence' OR i.provider IN ('twilio', 'sendgrid', 'instagram')
ON CONFLICT DO NOTHING;
