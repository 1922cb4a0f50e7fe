import { screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockApi, problem, sentRequests, type MockRequest } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import type { MonitoringOverview, MonitoringSeries, NoData } from '../api/types';
import { hasValues, toChartData } from './chart-data';
import { MonitoringDashboard } from './monitoring-dashboard';

const ORG = 'org-1';
const range = {
  from: '2026-12-04T08:00:00.000Z',
  to: '2026-12-04T11:00:00.000Z',
  tz: 'UTC',
  granularity: 'hour' as const,
};
const buckets = [
  '2026-12-04T08:00:00.000Z',
  '2026-12-04T09:00:00.000Z',
  '2026-12-04T10:00:00.000Z',
];
const noLatency = { p50: null, p95: null, p99: null };

const overview: MonitoringOverview = {
  range,
  totals: { sent: 12, delivered: 10, failed: 1, bounced: 1, callbacks: 11, rejected: 0 },
  failureRate: 1 / 12,
  latency: {
    send: { p50: 120, p95: 300, p99: 480 },
    delivery: { p50: 2100, p95: 4000, p99: 4800 },
  },
  byProvider: [
    {
      provider: 'sendgrid',
      integrationId: '4b0a5a56-0000-4000-8000-000000000001',
      name: 'SendGrid (sandbox)',
      sent: 12,
      attempted: 12,
      failureRate: 1 / 12,
      latency: { send: { p50: 120, p95: 300, p99: 480 }, delivery: noLatency },
      lastCallbackAt: '2026-12-04T10:58:00.000Z',
      health: 'ok',
      healthDetail: 'Sending and receiving delivery reports normally.',
    },
  ],
  noData: null,
};

/** A failure-rate series with nothing attempted in the middle bucket. */
const failureRate = (noData: NoData | null = null): MonitoringSeries => ({
  range,
  metric: 'failure_rate',
  buckets,
  series: [
    {
      key: 'sendgrid',
      label: 'SendGrid',
      points: [
        { t: buckets[0]!, value: 0.25, count: 4 },
        { t: buckets[1]!, value: null, count: 0 },
        { t: buckets[2]!, value: 0, count: 8 },
      ],
    },
  ],
  noData,
});

const series = (request: MockRequest, noData: NoData | null = null): MonitoringSeries => {
  const metric = request.query.get('metric') as MonitoringSeries['metric'];
  if (metric === 'failure_rate') return failureRate(noData);
  return { range, metric, buckets, series: [], noData };
};

function mockServer({
  overviewAnswer = () => json(overview),
  seriesAnswer = (request: MockRequest) => json(series(request)),
}: {
  overviewAnswer?: (request: MockRequest) => Response;
  seriesAnswer?: (request: MockRequest) => Response;
} = {}) {
  mockApi({
    'GET /api/v1/orgs/:orgId/monitoring/overview': overviewAnswer,
    'GET /api/v1/orgs/:orgId/monitoring/series': seriesAnswer,
    'GET /api/v1/orgs/:orgId/monitoring/events': () => json({ items: [], nextCursor: null }),
  });
}

function LocationProbe() {
  return <output data-testid="search">{useLocation().search}</output>;
}

function renderDashboard(search = '?tz=UTC') {
  return renderWithApp(
    <>
      <MonitoringDashboard orgId={ORG} />
      <LocationProbe />
    </>,
    { route: `/orgs/${ORG}/monitoring${search}` },
  );
}

const urlParams = () => new URLSearchParams(screen.getByTestId('search').textContent ?? '');
const lastOverviewQuery = () => sentRequests('GET', /monitoring\/overview$/).at(-1)!.query;

describe('MonitoringDashboard', () => {
  it('keeps the range and the zone in the URL and asks for them', async () => {
    mockServer();
    const { user } = renderDashboard();
    await screen.findByRole('group', { name: 'Sent: 12' });
    // The default: the last 24 hours.
    const asked = Date.parse(lastOverviewQuery().get('from')!);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(Date.now() - asked).toBeLessThan(24 * 3_600_000 + 120_000);

    await user.click(screen.getByRole('radio', { name: '7 d' }));
    await waitFor(() => expect(urlParams().get('preset')).toBe('7d'));
    await waitFor(() =>
      expect(Date.now() - Date.parse(lastOverviewQuery().get('from')!)).toBeGreaterThan(
        6 * 24 * 3_600_000,
      ),
    );

    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, 'Berlin');
    await user.click(await screen.findByRole('option', { name: 'Europe/Berlin' }));
    await waitFor(() => expect(urlParams().get('tz')).toBe('Europe/Berlin'));
    await waitFor(() => expect(lastOverviewQuery().get('tz')).toBe('Europe/Berlin'));
    expect(urlParams().get('preset')).toBe('7d');

    // Custom starts from the preset's window, as wall-clock times in the zone.
    await user.click(screen.getByRole('radio', { name: 'Custom' }));
    await waitFor(() => expect(urlParams().get('preset')).toBe('custom'));
    expect(urlParams().get('from')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await waitFor(() => expect(lastOverviewQuery().get('to')).toBe(urlParams().get('to')));
  });

  it('shows a refused range by the picker, not as broken charts', async () => {
    mockServer({
      overviewAnswer: () => problem(422, 'range_inverted', 'from must be before to'),
      seriesAnswer: () => problem(422, 'range_inverted', 'from must be before to'),
    });
    renderDashboard('?preset=custom&from=2026-12-04T10:00&to=2026-12-04T09:00&tz=UTC');
    const picker = screen.getByRole('group', { name: 'Date range' });
    expect(await within(picker).findByRole('alert')).toHaveTextContent(
      'The start of the range is after its end.',
    );
    expect(sentRequests('GET', /overview$/)[0]!.query.get('from')).toBe('2026-12-04T10:00');
    expect(screen.getByText('Fix the range above to see the charts and events.')).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Failure rate' })).not.toBeInTheDocument();
  });

  it('says why a chart is empty and links to the fix', async () => {
    const noTraffic: NoData = {
      reason: 'no_traffic_in_range',
      detail: 'Nothing was sent in this range.',
      integrationId: null,
    };
    const noCallbacks: NoData = {
      reason: 'no_callbacks_configured',
      detail: 'SendGrid (sandbox) has no webhook, so no delivery reports arrive.',
      integrationId: overview.byProvider[0]!.integrationId,
    };
    mockServer({
      seriesAnswer: (request) =>
        json(
          series(
            request,
            request.query.get('metric')?.startsWith('latency') ? noCallbacks : noTraffic,
          ),
        ),
    });
    renderDashboard();
    const volume = await screen.findByRole('region', { name: 'Volume by outcome' });
    expect(await within(volume).findByText('Nothing was sent in this range.')).toBeVisible();
    expect(within(volume).getByRole('link', { name: 'Send a campaign' })).toHaveAttribute(
      'href',
      `/orgs/${ORG}/campaigns`,
    );
    const latency = screen.getByRole('region', { name: 'Delivery latency p95' });
    expect(await within(latency).findByText(noCallbacks.detail)).toBeVisible();
    expect(within(latency).getByRole('link', { name: /webhook/ })).toHaveAttribute(
      'href',
      `/orgs/${ORG}/integrations`,
    );
  });

  it('leaves a bucket without a sample as a gap, not a zero', async () => {
    const { rows } = toChartData(failureRate());
    expect(rows.map((row) => row.s0)).toEqual([0.25, null, 0]);
    // A 0 % rate over real attempts is a value to draw; buckets without a sample are not.
    const flat = failureRate();
    flat.series[0]!.points = flat.series[0]!.points.map((p) => ({
      ...p,
      value: p.count ? 0 : null,
    }));
    expect(hasValues(flat)).toBe(true);
    flat.series[0]!.points = flat.series[0]!.points.map((p) => ({ ...p, value: null, count: 0 }));
    expect(hasValues(flat)).toBe(false);

    mockServer();
    renderDashboard();
    const chart = await screen.findByRole('region', { name: 'Failure rate' });
    const figure = await within(chart).findByRole('figure');
    expect(figure).toHaveAccessibleName(/Failure rate from .* SendGrid/);
    const values = within(figure)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getByRole('cell').textContent);
    expect(values).toEqual(['25 %', '—', '0 %']);
  });
});
