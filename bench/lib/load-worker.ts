// Child process of loadTest(): warms up, measures, and sends the result to the parent.
import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;

const run = (duration: number) =>
  autocannon({
    url: opts.url,
    headers: opts.headers ?? {},
    connections: opts.connections,
    duration,
  });

await run(opts.warmupSeconds);
const r = await run(opts.durationSeconds);
if (r.errors > 0 || r.non2xx > 0) {
  console.error(`${opts.url}: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
  process.exit(1);
}
const result: LoadResult = {
  rps: r.requests.total / r.duration,
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  requests: r.requests.total,
};
process.send?.(result, () => process.exit(0));
