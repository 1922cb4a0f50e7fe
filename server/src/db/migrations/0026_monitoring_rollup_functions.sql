-- Adds two sparse latency histograms ({key: count}) key by key: how the monitoring rollup merges
-- a batch's histogram into a stored one in its upsert. The keys are made in TypeScript
-- (features/monitoring/histogram.ts); SQL only adds integer counts, so nothing here depends on
-- floating point.
CREATE FUNCTION monitoring_histogram_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN a IS NULL THEN b
    WHEN b IS NULL THEN a
    ELSE (
      SELECT jsonb_object_agg(key, total)
      FROM (
        SELECT key, sum(value::bigint) AS total
        FROM (SELECT * FROM jsonb_each(a) UNION ALL SELECT * FROM jsonb_each(b)) AS both_sides
        GROUP BY key
      ) AS sums
    )
  END
$$;
