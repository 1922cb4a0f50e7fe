/**
 * The incremental rollup of `provider_events` into `provider_rollups` (decision 030). Events are
 * read in the order their transactions were given ids (ingest_xid, then id) from a watermark, and
 * only below the oldest transaction still running, so one that commits late is counted by a later
 * run instead of being skipped. Each batch is aggregated here per (org, integration, channel,
 * kind, outcome) and UTC minute, hour and day of `occurred_at`, added to the stored rows, and the
 * watermark advanced, in one transaction: a crash never counts an event twice or loses one.
 */
import type { Db } from '../../db/client.js';
import { ROLLUP_LEVELS, type RollupLevel } from '../../db/schema/monitoring.js';
import type { Metrics } from '../../platform/metrics.js';
import { histogramKey } from './histogram.js';
import {
  deleteRollupsBefore,
  nextUncountedAt,
  orgsWithRollups,
  readCountableEvents,
  readWatermark,
  tryRollupLock,
  upsertRollups,
  writeWatermark,
  type IngestedEvent,
  type RollupRow,
} from './rollup-repo.js';

/** The `rollup_watermarks` row of this rollup. */
export const ROLLUP_WATERMARK = 'provider_rollups';
export const ROLLUP_BATCH = 5_000;
/** Batches per run at most, so a run that catches up a backlog still ends within seconds. */
export const ROLLUP_MAX_BATCHES = 20;

const LEVEL_MS: Record<RollupLevel, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export type RollupMetrics = Pick<Metrics, 'providerEvents' | 'providerLatency' | 'rollupLag'>;

export interface RollupOptions {
  batchSize?: number;
  maxBatches?: number;
  /** The clock for the lag (tests). */
  now?: Date;
  metrics?: RollupMetrics;
  /** Label the provider metrics with the org (METRICS_ORG_LABEL). */
  orgLabel?: boolean;
  /** Runs inside each batch's transaction after its writes (tests: a crash before commit). */
  beforeCommit?: () => void | Promise<void>;
}

export interface RollupRun {
  counted: number;
  /** Seconds since the next event not counted yet occurred; null when there is none. */
  lagSeconds: number | null;
}

/**
 * Counts every event not counted yet, batch by batch, until caught up or ROLLUP_MAX_BATCHES.
 * Safe in several processes at once: the one holding the lock counts, the others return at once
 * with the lag it last recorded.
 */
export async function rollUpProviderEvents(db: Db, opts: RollupOptions = {}): Promise<RollupRun> {
  const batchSize = opts.batchSize ?? ROLLUP_BATCH;
  const maxBatches = opts.maxBatches ?? ROLLUP_MAX_BATCHES;
  const now = () => (opts.now ?? new Date()).getTime();
  let counted = 0;
  let lagSeconds: number | null = null;
  for (let i = 0; i < maxBatches; i++) {
    const batch = await db.transaction(async (tx) => {
      const locked = await tryRollupLock(tx);
      const mark = await readWatermark(tx, ROLLUP_WATERMARK);
      if (!locked) return { locked, events: [], lagSeconds: mark.lagSeconds };
      const events = await readCountableEvents(tx, mark, batchSize);
      const last = events.at(-1);
      const to = last ? { xid: last.ingestXid, id: last.id } : mark;
      const nextAt = await nextUncountedAt(tx, to);
      const lag = nextAt === null ? null : Math.max(0, Math.floor((now() - nextAt) / 1000));
      if (events.length) await upsertRollups(tx, aggregate(events));
      if (events.length || lag !== mark.lagSeconds) {
        await writeWatermark(tx, ROLLUP_WATERMARK, { to, counted: events.length, lagSeconds: lag });
      }
      await opts.beforeCommit?.();
      return { locked, events, lagSeconds: lag };
    });
    // Observed only once committed: a batch rolled back is counted again by the next run.
    if (opts.metrics) observe(opts.metrics, batch.events, opts.orgLabel ?? false);
    counted += batch.events.length;
    lagSeconds = batch.lagSeconds;
    if (!batch.locked || batch.events.length < batchSize) break;
  }
  opts.metrics?.rollupLag.set(lagSeconds ?? 0);
  return { counted, lagSeconds };
}

/** One row per (org, level, bucket, integration, kind, outcome, channel): the primary key. */
export function aggregate(events: IngestedEvent[]): RollupRow[] {
  const rows = new Map<string, RollupRow & { lastUs: number }>();
  for (const e of events) {
    const ms = Math.floor(e.occurredUs / 1000);
    const channel = e.channel ?? '';
    const key = e.latencyMs === null ? null : histogramKey(e.latencyMs);
    for (const level of ROLLUP_LEVELS) {
      const start = ms - (ms % LEVEL_MS[level]);
      const id = [e.orgId, level, start, e.integrationId, e.kind, e.outcome, channel].join(
        '\u0000',
      );
      let row = rows.get(id);
      if (!row) {
        row = {
          orgId: e.orgId,
          level,
          bucketStart: new Date(start).toISOString(),
          integrationId: e.integrationId,
          provider: e.provider,
          channel,
          kind: e.kind,
          outcome: e.outcome,
          events: 0,
          latencyCount: 0,
          latencySum: 0,
          latencyHist: null,
          lastAt: e.occurredText,
          lastUs: e.occurredUs,
        };
        rows.set(id, row);
      }
      row.events += 1;
      if (key !== null) {
        row.latencyCount += 1;
        row.latencySum += e.latencyMs ?? 0;
        row.latencyHist ??= {};
        row.latencyHist[key] = (row.latencyHist[key] ?? 0) + 1;
      }
      if (e.occurredUs > row.lastUs) {
        row.lastUs = e.occurredUs;
        row.lastAt = e.occurredText;
      }
    }
  }
  return [...rows.values()].map(({ lastUs: _, ...row }) => row);
}

function observe(metrics: RollupMetrics, events: IngestedEvent[], orgLabel: boolean) {
  const counts = new Map<string, { labels: Record<string, string>; n: number }>();
  for (const e of events) {
    const labels: Record<string, string> = { provider: e.provider, kind: e.kind };
    if (orgLabel) labels.org = e.orgId;
    if (e.latencyMs !== null) metrics.providerLatency.observe(labels, e.latencyMs / 1000);
    const withOutcome = { ...labels, outcome: e.outcome };
    const id = JSON.stringify(withOutcome);
    const entry = counts.get(id);
    if (entry) entry.n += 1;
    else counts.set(id, { labels: withOutcome, n: 1 });
  }
  for (const { labels, n } of counts.values()) metrics.providerEvents.inc(labels, n);
}

export const ROLLUP_RETENTION_BATCH = 5_000;

/**
 * Deletes minute rows older than `retentionDays` (the raw log's period: beyond it a minute row has
 * no raw events left to drill into) and hour and day rows older than `rollupRetentionDays`, a
 * bounded batch per statement, each its own short transaction. Returns how many rows left.
 */
export async function purgeOldRollups(
  db: Db,
  opts: { retentionDays: number; rollupRetentionDays: number; batchSize?: number; now?: Date },
): Promise<Record<RollupLevel, number>> {
  const limit = opts.batchSize ?? ROLLUP_RETENTION_BATCH;
  const now = (opts.now ?? new Date()).getTime();
  const before = (days: number) => new Date(now - days * 86_400_000);
  const cutoffs: Record<RollupLevel, Date> = {
    minute: before(opts.retentionDays),
    hour: before(opts.rollupRetentionDays),
    day: before(opts.rollupRetentionDays),
  };
  const deleted: Record<RollupLevel, number> = { minute: 0, hour: 0, day: 0 };
  for (const orgId of await orgsWithRollups(db)) {
    for (const level of ROLLUP_LEVELS) {
      for (;;) {
        const n = await deleteRollupsBefore(db, { orgId, level, cutoff: cutoffs[level], limit });
        deleted[level] += n;
        if (n < limit) break;
      }
    }
  }
  return deleted;
}
