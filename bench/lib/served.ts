// The reliability benches' common ground: a server in a child process with production settings
// on PostgreSQL, an owner signed up over HTTP with a Twilio integration, and signed callbacks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { generateFernetKey } from '../../server/src/platform/crypto/fernet.js';
import { projectRoot } from '../../server/src/lib/paths.js';

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const METRICS_TOKEN = 'bench-metrics-token-not-scraped-0123456789';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** One statement on its own connection. */
export async function pgQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** An empty database `name` on the server of `adminUrl` (dropped first); its URL. */
export async function freshDatabase(name: string, adminUrl = ADMIN_URL): Promise<string> {
  await pgQuery(adminUrl, `drop database if exists ${name} with (force)`);
  await pgQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const dropDatabase = (name: string, adminUrl = ADMIN_URL) =>
  pgQuery(adminUrl, `drop database if exists ${name} with (force)`);

/** Production settings for a server on localhost at `port` (plain http: no TLS in front). */
export function productionEnv(
  port: number,
  databaseUrl: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    ALLOW_INSECURE_PUBLIC_URL: 'true',
    METRICS_TOKEN,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    FERNET_KEYS: generateFernetKey(),
    SESSION_SECRET: 'reliability-session-secret-long-enough-123',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

/** `switchboard serve --no-workers` from source, in a child process. */
export function startServe(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot(), 'server/src/main.ts'), 'serve', '--no-workers'],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

export async function waitReady(base: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error('server did not start');
}

export interface TwilioOwner {
  orgId: string;
  /** The session cookie, as a `cookie` header value. */
  cookie: string;
  integrationId: string;
  /** Where Twilio posts status callbacks for the integration. */
  statusUrl: string;
}

/** A new owner (signed up over HTTP) with a Twilio integration whose auth token is `authToken`. */
export async function twilioOwner(
  base: string,
  opts: { authToken: string; accountSid: string; fromNumber: string },
): Promise<TwilioOwner> {
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({
      email: `bench-${Date.now()}@example.com`,
      password: 'Quartz-lantern-7-harbour-mosaic',
      name: 'Bench',
      orgName: 'Bench',
    }),
  });
  if (!signup.ok) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const { org } = (await signup.json()) as { org: { id: string } };
  const cookie = signup.headers.getSetCookie()[0]!.split(';')[0]!;
  const created = await fetch(`${base}/api/v1/orgs/${org.id}/integrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({
      provider: 'twilio',
      credentials: { accountSid: opts.accountSid, authToken: opts.authToken },
      settings: { fromNumber: opts.fromNumber },
    }),
  });
  if (!created.ok) throw new Error(`integration: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  return {
    orgId: org.id,
    cookie,
    integrationId: id,
    statusUrl: `${base}/webhooks/twilio/${id}/status`,
  };
}

/** A `delivered` status callback for `sid`, signed as Twilio signs it, ready for `fetch`. */
export function signedTwilioStatus(url: string, authToken: string, sid: string): RequestInit {
  const params: Record<string, string> = {
    MessageSid: sid,
    MessageStatus: 'delivered',
    To: '+14155550100',
  };
  const data = Object.keys(params)
    .sort()
    .reduce((a, k) => a + k + params[k], url);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': createHmac('sha1', authToken).update(data).digest('base64'),
    },
    body: new URLSearchParams(params).toString(),
  };
}

export const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
