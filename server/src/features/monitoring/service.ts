import type { z } from 'zod';
import { providerOf } from '../../providers/registry.js';
import {
  bucketBoundaries,
  parseDateRange,
  type DateRange,
  type DateRangeQuery,
} from '../../platform/date-range.js';
import { AppError } from '../../platform/errors.js';
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  toPage,
  UUID_RE,
  type Page,
} from '../../platform/pagination.js';
import type { OrgContext } from '../../platform/tenancy.js';
import type { Integration } from '../integrations/index.js';
import {
  CHANNEL_LABELS,
  count,
  health,
  isEmpty,
  kindsOf,
  LABELS,
  noCounts,
  num,
  OUTCOME_LABELS,
  rate,
  valueOf,
  type Counts,
} from './counts.js';
import { mergeHistograms, percentiles, type LatencyHistogram } from './histogram.js';
import { ceilToMinute, coverage, floorToMinute, type LevelRun } from './plan.js';
import { monitoringRepo, type CountRow, type GroupColumn, type RollupSelection } from './repo.js';
import type {
  EventsQuery,
  MonitoringOverview,
  MonitoringSeries,
  NoData,
  ProviderEvent,
  SeriesQuery,
} from './schemas.js';

export interface MonitoringDeps {
  integrations: { list(ctx: OrgContext): Promise<{ items: Integration[] }> };
  /** The org's default time zone (its settings), used when a query names none. */
  defaultTimezone?: (ctx: OrgContext) => Promise<string | undefined>;
  /** How long hour and day rollups are kept: older ranges answer `before_retention`. */
  rollupRetentionDays: number;
  /** How long minute rollups are kept (RETENTION_DAYS, as the raw events). */
  minuteRetentionDays: number;
  now?: () => Date;
}

export function createMonitoringService(deps: MonitoringDeps) {
  const now = () => deps.now?.() ?? new Date();
  const kept = () => ({ minuteRowsFrom: now().getTime() - deps.minuteRetentionDays * 86_400_000 });

  /** The shared range, rounded out to whole minutes (the finest rollup). */
  async function rangeOf(ctx: OrgContext, query: DateRangeQuery): Promise<DateRange> {
    const defaultTz = query.tz ? undefined : await deps.defaultTimezone?.(ctx);
    const r = parseDateRange(query, {
      defaultHours: 24,
      ...(defaultTz && { defaultTz }),
      now: now(),
    });
    const to = ceilToMinute(r.to.getTime());
    // The default range keeps its length (the last 24 h), ending with the current minute.
    let from =
      query.from === undefined
        ? to - (r.to.getTime() - r.from.getTime())
        : floorToMinute(r.from.getTime());
    // Past the minute rows' retention a range starts on the hour (what the hour rows can say).
    if (from < kept().minuteRowsFrom) from = Math.floor(from / 3_600_000) * 3_600_000;
    return { ...r, from: new Date(from), to: new Date(to) };
  }

  const echo = (r: DateRange) => ({
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    tz: r.tz,
    granularity: r.granularity,
  });

  function beforeRetention(r: DateRange): NoData {
    const oldest = now().getTime() - deps.rollupRetentionDays * 86_400_000;
    if (r.to.getTime() > oldest) return null;
    return {
      reason: 'before_retention',
      detail: `This range ends before the oldest data kept (${deps.rollupRetentionDays} days). Choose a later range.`,
      integrationId: null,
    };
  }

  /**
   * Why a chart is empty, in the order a user fixes things: no provider, no traffic, sent but
   * never a callback (`needsCallbacks` charts only), callbacks that stopped.
   */
  function whyEmpty(
    integrations: Integration[],
    counts: Map<string, Counts>,
    opts: { needsCallbacks: boolean; hasData: boolean; filtered?: boolean },
  ): NoData {
    if (!integrations.length && !counts.size && !opts.filtered) {
      return {
        reason: 'no_integrations',
        detail:
          'No provider is connected yet. Connect one, or try the sandbox, to see its health here.',
        integrationId: null,
      };
    }
    const total = noCounts();
    for (const c of counts.values())
      for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
    if (isEmpty(total)) {
      return {
        reason: 'no_traffic_in_range',
        detail:
          'Nothing was sent and no callback arrived in this range. Choose a longer range, or send a campaign.',
        integrationId: null,
      };
    }
    if (!opts.needsCallbacks || opts.hasData) return null;
    // Providers without delivery reports (Telegram) never call back about a send.
    const sending = integrations.filter(
      (i) => (counts.get(i.id)?.sent ?? 0) > 0 && providerOf(i.provider).send.deliveryReports,
    );
    const never = sending.find((i) => i.webhook.lastCallbackAt === null);
    if (never) {
      return {
        reason: 'no_callbacks_configured',
        detail: `“${never.name}” sent messages but has never reported back: set up its delivery callbacks (webhook) so deliveries and their latency can be measured.`,
        integrationId: never.id,
      };
    }
    const silent = sending.find((i) => i.webhook.callbacksMissing) ?? sending[0];
    if (silent) {
      return {
        reason: 'callbacks_silent',
        detail: `“${silent.name}” is sending, but no delivery report came for longer than usual. Check its webhook at the provider.`,
        integrationId: silent.id,
      };
    }
    return null;
  }

  const countsByIntegration = (rows: CountRow[]) => {
    const byIntegration = new Map<string, Counts>();
    for (const row of rows) {
      const c = byIntegration.get(row.integration_id) ?? noCounts();
      count(c, row.kind, row.outcome, num(row.events));
      byIntegration.set(row.integration_id, c);
    }
    return byIntegration;
  };

  return {
    async overview(ctx: OrgContext, query: DateRangeQuery): Promise<MonitoringOverview> {
      const range = await rangeOf(ctx, query);
      const selection: RollupSelection = {
        orgId: ctx.orgId,
        runs: coverage(range.from.getTime(), range.to.getTime(), [], kept()),
      };
      const { items: integrations } = await deps.integrations.list(ctx);
      // One transaction, one connection: the queries run one after the other.
      const [rows, hists] = await ctx.run(async (tx) => [
        await monitoringRepo.totals(tx, selection),
        await monitoringRepo.histograms(tx, { ...selection, kinds: ['send', 'delivery'] }),
      ]);
      const counts = countsByIntegration(rows);
      const histOf = new Map<string, LatencyHistogram>();
      for (const h of hists) {
        const key = `${h.integration_id}:${h.kind}`;
        histOf.set(key, mergeHistograms(histOf.get(key) ?? {}, h.latency_hist));
      }
      const providerOfRow = new Map(rows.map((r) => [r.integration_id, r.provider]));
      const byId = new Map(integrations.map((i) => [i.id, i]));
      const ids = [...new Set([...integrations.map((i) => i.id), ...counts.keys()])];
      const total = noCounts();
      const all = { send: {} as LatencyHistogram, delivery: {} as LatencyHistogram };
      const byProvider = ids.map((id) => {
        const integration = byId.get(id);
        const c = counts.get(id) ?? noCounts();
        for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
        const send = histOf.get(`${id}:send`) ?? {};
        const delivery = histOf.get(`${id}:delivery`) ?? {};
        mergeHistograms(all.send, send);
        mergeHistograms(all.delivery, delivery);
        const latency = { send: percentiles(send), delivery: percentiles(delivery) };
        return {
          provider: (integration?.provider ?? providerOfRow.get(id)) as Integration['provider'],
          integrationId: id,
          name: integration?.name ?? 'Deleted integration',
          sent: c.sent,
          attempted: c.attempted,
          failureRate: rate(c),
          latency,
          lastCallbackAt: integration?.webhook.lastCallbackAt ?? null,
          ...health(integration, c, latency.send),
        };
      });
      const latency = { send: percentiles(all.send), delivery: percentiles(all.delivery) };
      return {
        range: echo(range),
        totals: {
          sent: total.sent,
          delivered: total.delivered,
          failed: total.failed,
          bounced: total.bounced,
          callbacks: total.callbacks,
          rejected: total.rejected,
        },
        failureRate: rate(total),
        latency,
        byProvider,
        noData:
          beforeRetention(range) ??
          whyEmpty(integrations, counts, {
            needsCallbacks: true,
            hasData: latency.delivery.p50 !== null || total.callbacks > 0,
          }),
      };
    },

    async series(ctx: OrgContext, query: SeriesQuery): Promise<MonitoringSeries> {
      const range = await rangeOf(ctx, query);
      const metric = query.metric;
      const latencyMetric = metric.startsWith('latency_');
      const group: GroupColumn = query.groupBy ?? 'all';
      if (group === 'outcome' && (latencyMetric || metric === 'failure_rate')) {
        throw new AppError('validation_failed', 'groupBy=outcome applies to counts only.', {
          errors: [{ path: 'groupBy', message: `"${metric}" cannot be grouped by outcome` }],
        });
      }
      const bounds = bucketBoundaries(range);
      const cuts = bounds.map((b) => b.getTime());
      const runs: LevelRun[] = coverage(range.from.getTime(), range.to.getTime(), cuts, kept());
      const base: RollupSelection = {
        orgId: ctx.orgId,
        runs,
        integrationId: query.integrationId,
        channel: query.channel,
      };
      const n = bounds.length - 1;
      const { items: listed } = await deps.integrations.list(ctx);
      const names = new Map(listed.map((i) => [i.id, i.name]));
      const integrations = query.integrationId
        ? listed.filter((i) => i.id === query.integrationId)
        : listed;
      const label = (g: string) =>
        group === 'all'
          ? 'All'
          : group === 'provider'
            ? (LABELS[g] ?? g)
            : group === 'channel'
              ? (CHANNEL_LABELS[g] ?? g)
              : group === 'integration'
                ? (names.get(g) ?? 'Deleted integration')
                : (OUTCOME_LABELS[g] ?? g);

      // Counts always (they also decide `noData`), histograms for latency metrics.
      const latencyKind = query.latency ?? 'send';
      // `noData` needs only totals: read them from the coarsest rows the range allows.
      const coarse = {
        ...base,
        runs: coverage(range.from.getTime(), range.to.getTime(), [], kept()),
      };
      const [totals, counts, hists] = await ctx.run(
        async (tx) =>
          [
            await monitoringRepo.totals(tx, coarse),
            await monitoringRepo.bucketCounts(
              tx,
              { ...base, kinds: kindsOf(metric) },
              bounds,
              group,
            ),
            latencyMetric
              ? await monitoringRepo.bucketHistograms(
                  tx,
                  { ...base, kinds: [latencyKind] },
                  bounds,
                  group,
                  latencyKind === 'delivery' ? ['delivered'] : undefined,
                )
              : [],
          ] as const,
      );

      const points = new Map<string, { counts: Counts[]; hists: LatencyHistogram[] }>();
      const slot = (g: string) => {
        let s = points.get(g);
        if (!s) {
          s = {
            counts: Array.from({ length: n }, noCounts),
            hists: Array.from({ length: n }, () => ({})),
          };
          points.set(g, s);
        }
        return s;
      };
      for (const row of counts) {
        if (row.i < 1 || row.i > n) continue;
        count(slot(row.g).counts[row.i - 1]!, row.kind, row.outcome, num(row.events));
      }
      for (const row of hists) {
        if (row.i < 1 || row.i > n) continue;
        mergeHistograms(slot(row.g).hists[row.i - 1]!, row.latency_hist);
      }

      const series = [...points.entries()]
        .map(([key, s]) => {
          const values = s.counts.map((c, i) => valueOf(metric, c, s.hists[i]!));
          const weight = values.reduce((sum, v) => sum + v.count, 0);
          return {
            key,
            label: label(key),
            weight,
            points: values.map((v, i) => ({ t: bounds[i]!.toISOString(), ...v })),
          };
        })
        .sort((a, b) => b.weight - a.weight || a.key.localeCompare(b.key))
        .map(({ weight: _weight, ...s }) => s);
      if (!series.length) {
        // Zero-filled even without a single row: one series, every bucket present.
        series.push({
          key: group === 'all' ? 'all' : 'none',
          label: group === 'all' ? 'All' : 'None',
          points: bounds.slice(0, n).map((t) => ({
            t: t.toISOString(),
            ...valueOf(metric, noCounts(), {}),
          })),
        });
      }

      const hasData = series.some((s) => s.points.some((p) => p.value !== null && p.count > 0));
      return {
        range: echo(range),
        metric,
        buckets: bounds.slice(0, n).map((b) => b.toISOString()),
        series,
        noData:
          beforeRetention(range) ??
          whyEmpty(integrations, countsByIntegration(totals), {
            needsCallbacks: metric === 'callbacks' || (latencyMetric && latencyKind === 'delivery'),
            hasData,
          }),
      };
    },

    async events(
      ctx: OrgContext,
      query: EventsQuery,
    ): Promise<Page<z.infer<typeof ProviderEvent>>> {
      const range = await rangeOf(ctx, query);
      let after: [string, string] | undefined;
      if (query.cursor) {
        const [at, id] = decodeCursor(query.cursor, 2);
        if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !UUID_RE.test(String(id))) {
          throw invalidCursor();
        }
        after = [at, String(id)];
      }
      const rows = await ctx.run((tx) =>
        monitoringRepo.events(tx, {
          orgId: ctx.orgId,
          from: range.from,
          to: range.to,
          kind: query.kind,
          outcome: query.outcome,
          integrationId: query.integrationId,
          channel: query.channel,
          errorCode: query.errorCode,
          after,
          limit: query.limit + 1,
        }),
      );
      const keys = new Map(rows.map((r) => [r.id, r.occurred_key]));
      const items = rows.map((r) => ({
        id: r.id,
        occurredAt: new Date(r.occurred_at).toISOString(),
        integrationId: r.integration_id,
        integrationName: r.integration_name,
        provider: r.provider as Integration['provider'],
        channel: r.channel,
        kind: r.kind,
        outcome: r.outcome,
        latencyMs: r.latency_ms,
        errorCode: r.error_code,
        messageId: r.message_id,
      }));
      return toPage(items, query.limit, (e) => [keys.get(e.id)!, e.id], encodeCursor);
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
