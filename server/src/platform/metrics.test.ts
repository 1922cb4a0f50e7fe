import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics, registerHttpMetrics } from './metrics.js';

const metrics = createMetrics();
const app = Fastify();
registerHttpMetrics(app, metrics);
app.get('/api/v1/orgs/:orgId/members', async () => ({ items: [] }));
await app.ready();
afterAll(() => app.close());

describe('HTTP metrics', () => {
  it('label requests by route pattern, never by raw URL, so ids cannot explode the series', async () => {
    for (const id of [
      '0190a6b0-7e2f-7c3a-9b1d-2f4e5a6b7c8d',
      '0190a6b0-7e2f-7c3a-9b1d-000000000000',
    ]) {
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/orgs/${id}/members` })).statusCode,
      ).toBe(200);
    }
    await app.inject({ method: 'GET', url: '/wp-admin/0190a6b0-7e2f-7c3a' });

    const text = await metrics.registry.metrics();
    const series = text
      .split('\n')
      .filter((l) => l.startsWith('switchboard_http_request_duration_seconds_count'));
    expect(series).toEqual([
      'switchboard_http_request_duration_seconds_count{method="GET",route="/api/v1/orgs/:orgId/members",status="200"} 2',
      'switchboard_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    ]);
    expect(text).not.toContain('0190a6b0');
  });

  it('keep each app instance in its own registry', () => {
    expect(createMetrics().registry).not.toBe(metrics.registry);
  });

  it('expose provider events, provider latency and the rollup lag; an org label only where one is set', async () => {
    const m = createMetrics();
    m.providerEvents.inc({ provider: 'twilio', kind: 'send', outcome: 'ok' }, 2);
    m.providerEvents.inc({ provider: 'twilio', kind: 'send', outcome: 'ok', org: 'o1' });
    m.providerLatency.observe({ provider: 'twilio', kind: 'send' }, 0.3);
    m.rollupLag.set(4);
    const text = await m.registry.metrics();
    expect(text).toContain(
      'switchboard_provider_events_total{provider="twilio",kind="send",outcome="ok"} 2',
    );
    expect(text).toContain(
      'switchboard_provider_events_total{provider="twilio",kind="send",outcome="ok",org="o1"} 1',
    );
    expect(text).toContain(
      'switchboard_provider_latency_seconds_bucket{le="0.5",provider="twilio",kind="send"} 1',
    );
    expect(text).toContain('switchboard_monitoring_rollup_lag_seconds 4');
  });
});
