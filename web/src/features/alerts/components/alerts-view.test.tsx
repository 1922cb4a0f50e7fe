import { screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import type { Alert, AlertDetail, AlertEvent, AlertRule } from '../api/types';
import { AlertsView } from './alerts-view';

const ORG = 'org-1';
const INTEGRATION = '4b0a5a56-0000-4000-8000-000000000001';
const RULE = '4b0a5a56-0000-4000-8000-0000000000a1';
const ALERT = '4b0a5a56-0000-4000-8000-0000000000b1';
const OPENED_AT = '2026-12-04T10:00:00.000Z';

const alert: Alert = {
  id: ALERT,
  ruleId: RULE,
  ruleName: 'Twilio failure rate',
  kind: 'failure_rate',
  key: INTEGRATION,
  integrationId: INTEGRATION,
  title: 'Twilio (sandbox): failure rate 40 %',
  summary: '4 of 10 messages failed in 15 minutes (threshold 10 %).',
  severity: 'critical',
  status: 'open',
  value: 0.4,
  lastValue: 0.5,
  threshold: 0.1,
  windowMinutes: 15,
  breachCount: 2,
  openedAt: OPENED_AT,
  lastEvaluatedAt: '2026-12-04T10:05:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  silencedUntil: null,
  previousAlertId: null,
};

const opened: AlertEvent = {
  id: 'event-1',
  at: OPENED_AT,
  action: 'opened',
  actor: { type: 'system', id: null, name: 'Switchboard' },
  from: null,
  to: 'open',
  comment: null,
};

const detail = (overrides: Partial<AlertDetail> = {}): AlertDetail => ({
  ...alert,
  events: [opened],
  monitoringLink: `/orgs/${ORG}/monitoring?integrationId=${INTEGRATION}`,
  window: { from: '2026-12-04T09:00:00.000Z', to: '2026-12-04T11:00:00.000Z' },
  ...overrides,
});

const rule: AlertRule = {
  id: RULE,
  name: 'Twilio failure rate',
  kind: 'failure_rate',
  scope: { integrationId: INTEGRATION, provider: null, channel: null },
  latencyMetric: null,
  threshold: 0.1,
  windowMinutes: 15,
  minEvents: 5,
  severity: 'critical',
  autoResolve: true,
  resolveAfterOkEvaluations: 2,
  enabled: true,
  isDefault: true,
  lastEvaluatedAt: '2026-12-04T10:05:00.000Z',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

const page = (items: Alert[], counts = { open: items.length, acknowledged: 0, resolved: 3 }) =>
  json({ items, nextCursor: null, counts, range: null });

/**
 * A server holding one alert: acknowledging it moves it to acknowledged with the comment in its
 * timeline, as the API does.
 */
function mockServer({ items = [alert] }: { items?: Alert[] } = {}) {
  let current = detail();
  mockApi({
    'GET /api/v1/orgs/:orgId/alerts': (request) => {
      const status = request.query.get('status');
      const { events: _events, monitoringLink: _link, window: _window, ...listed } = current;
      const held = items.some((i) => i.id === listed.id) && (!status || listed.status === status);
      return page(held ? [listed] : [], {
        open: current.status === 'open' ? items.length : 0,
        acknowledged: current.status === 'acknowledged' ? items.length : 0,
        resolved: 3,
      });
    },
    'GET /api/v1/orgs/:orgId/alerts/:alertId': (request) =>
      request.params.alertId === ALERT
        ? json(current)
        : problem(404, 'not_found', 'No such alert in this organization.'),
    'POST /api/v1/orgs/:orgId/alerts/:alertId/acknowledge': (request) => {
      const comment = (request.body as { comment?: string } | undefined)?.comment ?? null;
      const actor = { type: 'user' as const, id: 'user-1', name: 'Ada Admin' };
      current = {
        ...current,
        status: 'acknowledged',
        acknowledgedAt: '2026-12-04T10:10:00.000Z',
        acknowledgedBy: actor,
        events: [
          ...current.events,
          {
            id: 'event-2',
            at: '2026-12-04T10:10:00.000Z',
            action: 'acknowledged',
            actor,
            from: 'open',
            to: 'acknowledged',
            comment,
          },
        ],
      };
      return json(current);
    },
    'GET /api/v1/orgs/:orgId/alert-rules/:ruleId': () => json(rule),
    'GET /api/v1/orgs/:orgId/integrations': () =>
      json({
        items: [{ id: INTEGRATION, name: 'Twilio (sandbox)' }],
        nextCursor: null,
      }),
    'GET /api/v1/orgs/:orgId/monitoring/series': (request) =>
      json({
        range: {
          from: request.query.get('from'),
          to: request.query.get('to'),
          tz: 'UTC',
          granularity: 'minute',
        },
        metric: request.query.get('metric'),
        buckets: [],
        series: [],
        noData: null,
      }),
  });
}

function LocationProbe() {
  return <output data-testid="search">{useLocation().search}</output>;
}

function renderAlerts({ search = '?tz=UTC', canAct = true } = {}) {
  return renderWithApp(
    <>
      <AlertsView orgId={ORG} canAct={canAct} />
      <LocationProbe />
    </>,
    { route: `/orgs/${ORG}/alerts${search}` },
  );
}

const urlParams = () => new URLSearchParams(screen.getByTestId('search').textContent ?? '');
const lastListQuery = () => sentRequests('GET', /\/alerts$/).at(-1)!.query;

describe('AlertsView', () => {
  it('lists the open alerts of the last 30 days with the count of each status', async () => {
    mockServer();
    renderAlerts();
    expect(await screen.findByRole('button', { name: alert.title })).toBeVisible();
    expect(screen.getByLabelText('1 open')).toBeVisible();
    expect(screen.getByLabelText('3 resolved')).toBeVisible();
    expect(screen.getByLabelText('4 all')).toBeVisible();
    expect(lastListQuery().get('status')).toBe('open');
    const from = Date.parse(lastListQuery().get('from')!);
    expect(Date.now() - from).toBeGreaterThanOrEqual(30 * 24 * 3_600_000);
    expect(Date.now() - from).toBeLessThan(31 * 24 * 3_600_000);
  });

  it('keeps the status tab in the URL and asks the server for that status', async () => {
    mockServer();
    const { user } = renderAlerts();
    await screen.findByRole('button', { name: alert.title });
    await user.click(screen.getByRole('tab', { name: /Resolved/ }));
    await waitFor(() => expect(urlParams().get('status')).toBe('resolved'));
    await waitFor(() => expect(lastListQuery().get('status')).toBe('resolved'));
    expect(await screen.findByText('No alerts in this range')).toBeVisible();
    await user.click(screen.getByRole('tab', { name: /All/ }));
    await waitFor(() => expect(lastListQuery().has('status')).toBe(false));
  });

  it('says plainly when nothing is open and points to the rules', async () => {
    mockServer({ items: [] });
    renderAlerts();
    expect(await screen.findByText('Nothing is open')).toBeVisible();
    expect(screen.getByRole('link', { name: 'See the alert rules' })).toHaveAttribute(
      'href',
      `/orgs/${ORG}/alerts/rules`,
    );
  });

  it('acknowledges an alert from its drawer with a comment the timeline then shows', async () => {
    mockServer();
    const { user } = renderAlerts();
    await user.click(await screen.findByRole('button', { name: alert.title }));
    await waitFor(() => expect(urlParams().get('alert')).toBe(ALERT));
    const drawer = await screen.findByRole('dialog', { name: 'Alert' });
    expect(await within(drawer).findByText(alert.summary)).toBeVisible();
    expect(
      within(drawer).getByText('Opened', { selector: '.mantine-Timeline-itemTitle' }),
    ).toBeVisible();
    expect(
      within(drawer).getByRole('link', { name: 'Open this window in monitoring' }),
    ).toBeVisible();

    await user.click(within(drawer).getByRole('button', { name: `Acknowledge: ${alert.title}` }));
    const form = await screen.findByRole('form', { name: 'Acknowledge alert' });
    await user.type(within(form).getByLabelText(/Comment/), 'Looking at the Twilio console');
    await user.click(within(form).getByRole('button', { name: 'Acknowledge' }));

    await waitFor(() =>
      expect(sentRequests('POST', /acknowledge$/).at(-1)?.body).toEqual({
        comment: 'Looking at the Twilio console',
      }),
    );
    expect(await within(drawer).findByText('Looking at the Twilio console')).toBeVisible();
    expect(within(drawer).getByText(/by Ada Admin/, { selector: 'span' })).toBeVisible();
    // Acknowledged: it can still be resolved, no longer acknowledged.
    expect(
      within(drawer).queryByRole('button', { name: `Acknowledge: ${alert.title}` }),
    ).not.toBeInTheDocument();
    expect(within(drawer).getByRole('button', { name: `Resolve: ${alert.title}` })).toBeVisible();
    await waitFor(() => expect(screen.getByLabelText('1 acknowledged')).toBeVisible());
  });

  it('opens the alert named in the URL, and Close takes it out of the URL', async () => {
    mockServer();
    const { user } = renderAlerts({ search: `?tz=UTC&alert=${ALERT}` });
    const drawer = await screen.findByRole('dialog', { name: 'Alert' });
    expect(await within(drawer).findByText(alert.summary)).toBeVisible();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(urlParams().has('alert')).toBe(false));
  });

  it('shows a viewer the alerts without the actions', async () => {
    mockServer();
    const { user } = renderAlerts({ canAct: false });
    await user.click(await screen.findByRole('button', { name: alert.title }));
    const drawer = await screen.findByRole('dialog', { name: 'Alert' });
    await within(drawer).findByText(alert.summary);
    expect(screen.queryByRole('button', { name: /^Acknowledge/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Resolve/ })).not.toBeInTheDocument();
  });
});
