// Child process of loadTest(): warms up, measures, and sends the result to the parent.
import { createHmac, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './load.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;

const prefix = randomBytes(6).toString('hex');
let counter = 0;

/** A signed Twilio status callback with a fresh MessageSid (so every request is a new event). */
function twilioRequest(cfg: NonNullable<LoadOptions['twilioCallback']>) {
  const params: Record<string, string> = {
    AccountSid: 'AC00000000000000000000000000000000',
    MessageSid: `SM${prefix}${(counter++).toString(16).padStart(20, '0')}`,
    MessageStatus: 'delivered',
    To: '+14155550100',
  };
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], cfg.signedUrl);
  return {
    method: 'POST' as const,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': createHmac('sha1', cfg.authToken).update(data).digest('base64'),
    },
    body: new URLSearchParams(params).toString(),
  };
}

// Signed in advance, so the load generator spends its CPU sending, not signing.
const pool = opts.twilioCallback
  ? Array.from({ length: 100_000 }, () => twilioRequest(opts.twilioCallback!))
  : [];
let next = 0;

const run = (duration: number) =>
  autocannon({
    url: opts.url,
    headers: opts.headers ?? {},
    connections: opts.connections,
    duration,
    ...(opts.twilioCallback && {
      requests: [{ setupRequest: (req) => ({ ...req, ...pool[next++ % pool.length]! }) }],
    }),
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
