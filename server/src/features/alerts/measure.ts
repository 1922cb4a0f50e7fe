/**
 * What a rule measures over the minute rollups of its window, per integration in its scope: the
 * same counts, rates and percentiles the monitoring dashboard shows (monitoring/counts.ts).
 */
import type { AlertRuleKind, LatencyMetric } from '../../db/schema/index.js';
import {
  count,
  histogramCount,
  mergeHistograms,
  noCounts,
  percentiles,
  rate,
  type LatencyHistogram,
} from '../monitoring/index.js';

/** One aggregated rollup row of a window (`settled`: its minute is over). */
export interface WindowRow {
  org_id: string;
  integration_id: string;
  provider: string;
  channel: string;
  kind: string;
  outcome: string;
  settled: boolean;
  events: number;
}

export interface WindowHistogram {
  org_id: string;
  integration_id: string;
  provider: string;
  channel: string;
  kind: string;
  latency_hist: LatencyHistogram;
}

export interface RuleShape {
  kind: AlertRuleKind;
  threshold: number;
  minEvents: number;
  latencyMetric: LatencyMetric | null;
  scopeIntegrationId: string | null;
  scopeProvider: string | null;
  scopeChannel: string | null;
}

export interface Measurement {
  /** Null: nothing to measure (no attempts, no latency samples). */
  value: number | null;
  /** The sample the value stands on (attempts, latency samples, sends, rejections). */
  events: number;
  breach: boolean;
}

/** Whether a row falls in the rule's scope; rows without a channel (callbacks) match any. */
export function inScope(
  rule: RuleShape,
  row: { integration_id: string; provider: string; channel: string },
) {
  return (
    (!rule.scopeIntegrationId || row.integration_id === rule.scopeIntegrationId) &&
    (!rule.scopeProvider || row.provider === rule.scopeProvider) &&
    (!rule.scopeChannel || row.channel === '' || row.channel === rule.scopeChannel)
  );
}

/** The rule's value for one integration from its rows (already in scope) and histograms. */
export function measure(
  rule: RuleShape,
  rows: readonly WindowRow[],
  hists: readonly WindowHistogram[],
): Measurement {
  switch (rule.kind) {
    case 'failure_rate': {
      const c = noCounts();
      for (const r of rows) count(c, r.kind, r.outcome, r.events);
      const value = rate(c);
      return {
        value,
        events: c.attempted,
        breach: value !== null && c.attempted >= rule.minEvents && value > rule.threshold,
      };
    }
    case 'latency_p95': {
      const hist: LatencyHistogram = {};
      const kind = rule.latencyMetric ?? 'send';
      for (const h of hists) if (h.kind === kind) mergeHistograms(hist, h.latency_hist);
      const n = histogramCount(hist);
      const value = percentiles(hist).p95;
      return {
        value,
        events: n,
        breach: value !== null && n >= Math.max(1, rule.minEvents) && value > rule.threshold,
      };
    }
    case 'callback_silence': {
      // Sends of the minutes that are over, against callbacks of the whole window: a send of the
      // last few seconds has had no time to be reported yet.
      let sent = 0;
      let callbacks = 0;
      for (const r of rows) {
        if (r.kind === 'send' && r.outcome === 'ok' && r.settled) sent += r.events;
        if (r.kind === 'callback') callbacks += r.events;
      }
      return {
        value: sent > 0 ? callbacks : null,
        events: sent,
        breach: sent >= Math.max(1, rule.minEvents) && callbacks === 0,
      };
    }
    case 'signature_rejections':
      return countOf(rule, rows, (r) => r.kind === 'webhook_rejected');
    case 'token_refresh_failures':
      return countOf(rule, rows, (r) => r.kind === 'token_refresh' && r.outcome !== 'ok');
  }
}

function countOf(rule: RuleShape, rows: readonly WindowRow[], counted: (r: WindowRow) => boolean) {
  let n = 0;
  for (const r of rows) if (counted(r)) n += r.events;
  return { value: n, events: n, breach: n >= Math.max(1, rule.threshold) };
}

/** As the web app writes them (monitoring's format.ts): "4.5 %", "67 %"; "850 ms", "1.2 s". */
function pct(v: number) {
  const percent = v * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)} %`;
}
function ms(v: number) {
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  return `${(v / 60_000).toFixed(1)} min`;
}

/** The value in words, as titles, summaries and the UI show it. */
export function formatValue(kind: AlertRuleKind, value: number): string {
  switch (kind) {
    case 'failure_rate':
      return pct(value);
    case 'latency_p95':
      return ms(value);
    default:
      return String(Math.round(value));
  }
}

/** One sentence: what breached, over which window, against which threshold. */
export function summarize(rule: RuleShape & { windowMinutes: number }, m: Measurement): string {
  const window = `the last ${rule.windowMinutes} min`;
  switch (rule.kind) {
    case 'failure_rate':
      return `${pct(m.value ?? 0)} of ${m.events} sends failed in ${window} (threshold ${pct(rule.threshold)}).`;
    case 'latency_p95':
      return `1 in 20 ${rule.latencyMetric === 'delivery' ? 'deliveries' : 'sends'} took longer than ${ms(m.value ?? 0)} in ${window} (threshold ${ms(rule.threshold)}, ${m.events} samples).`;
    case 'callback_silence':
      return `${m.events} messages sent and no delivery report arrived in ${window}: check the webhook.`;
    case 'signature_rejections':
      return `${m.events} callbacks failed signature verification in ${window} (threshold ${Math.max(1, rule.threshold)}).`;
    case 'token_refresh_failures':
      return `${m.events} token refreshes failed in ${window} (threshold ${Math.max(1, rule.threshold)}).`;
  }
}
