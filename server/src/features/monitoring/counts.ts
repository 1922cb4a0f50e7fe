/**
 * What the rollup numbers mean on a dashboard: the counts a (kind, outcome) adds to, failure
 * rate, an integration's health in words, the labels of series keys, and a series point's value.
 */
import { allProviders } from '../../providers/registry.js';
import type { Integration } from '../integrations/index.js';
import {
  histogramCount,
  percentiles,
  type LatencyHistogram,
  type Percentiles,
} from './histogram.js';
import type { Health, SeriesMetric } from './schemas.js';

/** Failure rates and latencies this high make an integration `failing` / `degraded`. */
export const HEALTH_THRESHOLDS = {
  failingRate: 0.5,
  degradedRate: 0.1,
  minAttempts: 5,
  degradedSendP95Ms: 5_000,
};

export const LABELS: Record<string, string> = Object.fromEntries(
  allProviders().map((p) => [p.name, p.label]),
);
export const CHANNEL_LABELS: Record<string, string> = {
  '': 'No channel',
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  instagram: 'Instagram',
};
export const OUTCOME_LABELS: Record<string, string> = {
  ok: 'Accepted',
  retryable: 'Failed, retried',
  permanent: 'Failed',
  rate_limited: 'Rate limited',
  ambiguous: 'Result unknown',
  accepted: 'Accepted',
  duplicate: 'Duplicate',
  rejected: 'Rejected',
  logged: 'Logged, not verified',
  delivered: 'Delivered',
  failed: 'Failed',
  bounced: 'Bounced',
};

export interface Counts {
  attempted: number;
  sent: number;
  failed: number;
  delivered: number;
  bounced: number;
  callbacks: number;
  rejected: number;
}
export const noCounts = (): Counts => ({
  attempted: 0,
  sent: 0,
  failed: 0,
  delivered: 0,
  bounced: 0,
  callbacks: 0,
  rejected: 0,
});

/** What one (kind, outcome) adds to the counts a dashboard shows. */
export function count(c: Counts, kind: string, outcome: string, n: number) {
  if (kind === 'send') {
    c.attempted += n;
    if (outcome === 'ok') c.sent += n;
    else c.failed += n;
  } else if (kind === 'delivery') {
    if (outcome === 'delivered') c.delivered += n;
    else if (outcome === 'bounced') c.bounced += n;
    else if (outcome === 'failed') c.failed += n;
  } else if (kind === 'callback') c.callbacks += n;
  else if (kind === 'webhook_rejected') c.rejected += n;
}

export const rate = (c: Counts) => (c.attempted ? Math.min(1, c.failed / c.attempted) : null);
export const isEmpty = (c: Counts) => c.attempted + c.callbacks + c.rejected + c.delivered === 0;

export function health(
  integration: Integration | undefined,
  c: Counts,
  send: Percentiles,
): { health: Health; healthDetail: string } {
  const r = rate(c);
  if (integration?.status === 'disabled') {
    return {
      health: 'unknown',
      healthDetail: 'Disabled: it sends nothing until it is enabled again.',
    };
  }
  if (integration?.status === 'needs_attention') {
    return {
      health: 'failing',
      healthDetail:
        integration.statusMessage ?? 'Needs attention: open the integration to see why.',
    };
  }
  if (
    r !== null &&
    c.attempted >= HEALTH_THRESHOLDS.minAttempts &&
    r >= HEALTH_THRESHOLDS.failingRate
  ) {
    return { health: 'failing', healthDetail: `${pct(r)} of sends failed in this range.` };
  }
  if (integration?.webhook.callbacksMissing && c.attempted > 0) {
    return {
      health: 'silent',
      healthDetail: 'Sending, but delivery reports are not arriving: check its webhook.',
    };
  }
  if (isEmpty(c)) return { health: 'unknown', healthDetail: 'No traffic in this range.' };
  if (
    r !== null &&
    c.attempted >= HEALTH_THRESHOLDS.minAttempts &&
    r >= HEALTH_THRESHOLDS.degradedRate
  ) {
    return { health: 'degraded', healthDetail: `${pct(r)} of sends failed in this range.` };
  }
  if (send.p95 !== null && send.p95 > HEALTH_THRESHOLDS.degradedSendP95Ms) {
    return {
      health: 'degraded',
      healthDetail: `Slow: 1 in 20 sends took longer than ${Math.round(send.p95 / 1000)} s.`,
    };
  }
  return {
    health: 'ok',
    healthDetail:
      c.attempted > 0
        ? `Healthy: ${c.sent} sent${r ? `, ${pct(r)} failed` : ''}.`
        : 'Healthy: callbacks arriving.',
  };
}

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
export const num = (v: string | number) => Number(v);

/** The rollup kinds a metric reads. */
export function kindsOf(metric: SeriesMetric): string[] {
  switch (metric) {
    case 'volume':
      return ['send'];
    case 'failure_rate':
      return ['send', 'delivery'];
    case 'latency_p50':
    case 'latency_p95':
    case 'latency_p99':
      return ['send', 'delivery'];
    case 'callbacks':
      return ['callback'];
    case 'rejections':
      return ['webhook_rejected'];
  }
}

const PERCENTILE = { latency_p50: 'p50', latency_p95: 'p95', latency_p99: 'p99' } as const;

/** One series point: a count, a rate of attempts or a latency percentile, with its sample size. */
export function valueOf(
  metric: SeriesMetric,
  c: Counts,
  hist: LatencyHistogram,
): { value: number | null; count: number } {
  switch (metric) {
    case 'volume':
      return { value: c.attempted, count: c.attempted };
    case 'failure_rate':
      return { value: rate(c), count: c.attempted };
    case 'callbacks':
      return { value: c.callbacks, count: c.callbacks };
    case 'rejections':
      return { value: c.rejected, count: c.rejected };
    case 'latency_p50':
    case 'latency_p95':
    case 'latency_p99':
      return { value: percentiles(hist)[PERCENTILE[metric]], count: histogramCount(hist) };
  }
}
