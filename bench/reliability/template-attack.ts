// Reliability: one member cannot freeze the server with template work (issue 14, finding 1).
// 8 concurrent senders POST /templates/validate as fast as they are answered, first with the
// nested-range body of the finding, then with a template that passes the static checks but runs
// until its time budget stops it (the worst a template may cost). Meanwhile one client polls
// /healthz and another posts signed Twilio callbacks, each one request at a time; their p99 must
// stay under 100 ms. For comparison the same senders also post an ordinary draft: what the request
// rate alone costs. The server is a child process (PostgreSQL, production settings); its
// event-loop delay per phase (from /metrics) tells a blocked loop from a busy machine.
import type { ChildProcess } from 'node:child_process';
import type { Measurement } from '../lib/report.js';
import {
  dropDatabase,
  freePort,
  freshDatabase,
  METRICS_TOKEN,
  percentile,
  productionEnv,
  signedTwilioStatus,
  sleep,
  startServe,
  twilioOwner,
  waitReady,
} from '../lib/served.js';

const DB_NAME = 'switchboard_template_attack';
const AUTH_TOKEN = 'c'.repeat(32);
const ATTACKERS = 8;
const PHASE_SECONDS = Number(process.env.BENCH_ATTACK_SECONDS ?? 10);
const TARGET_MS = 100;

const ATTACK = {
  channel: 'sms',
  body: '{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}',
};
/** An ordinary draft: the same request rate with no template work to speak of. */
const ORDINARY = { channel: 'sms', body: 'Hi {{ contact.name }}, your order is on its way.' };
/** Allowed by the static checks; with 5,000 sample items it spends its whole render budget. */
const BUDGET_BURNER = {
  channel: 'sms',
  body: '{% for a in items %}{% for b in items %}x{% endfor %}{% endfor %}',
  variables: [{ name: 'items', type: 'list', required: true }],
  sampleValues: { items: Array.from({ length: 5000 }, (_, i) => i) },
};

async function timed(fn: () => Promise<Response>, into: number[], statuses: Map<number, number>) {
  const started = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  into.push(performance.now() - started);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
}

export async function templateAttack(): Promise<Measurement[]> {
  const dbUrl = await freshDatabase(DB_NAME);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = startServe(productionEnv(port, dbUrl));
  try {
    await waitReady(base);
    const owner = await twilioOwner(base, {
      authToken: AUTH_TOKEN,
      accountSid: `AC${'2'.repeat(32)}`,
      fromNumber: '+14155550198',
    });
    const json = { 'content-type': 'application/json', origin: base, cookie: owner.cookie };
    const hookUrl = owner.statusUrl;
    let sid = 0;
    const webhook = () =>
      fetch(
        hookUrl,
        signedTwilioStatus(hookUrl, AUTH_TOKEN, `SMattack${(sid++).toString().padStart(8, '0')}`),
      );
    const validateUrl = `${base}/api/v1/orgs/${owner.orgId}/templates/validate`;
    /**
     * The server's event-loop delay since the previous scrape (prom-client resets its histogram on
     * each collect): it tells a blocked loop from a busy machine.
     */
    const loopDelay = async () => {
      const text = await (
        await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      const read = (name: string) =>
        Number(new RegExp(`^switchboard_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
      return {
        p99: read('nodejs_eventloop_lag_p99_seconds'),
        max: read('nodejs_eventloop_lag_max_seconds'),
      };
    };

    async function phase(label: string, attack: object | undefined, seconds: number) {
      const health: number[] = [];
      const hooks: number[] = [];
      const healthStatus = new Map<number, number>();
      const hookStatus = new Map<number, number>();
      const attackStatus = new Map<number, number>();
      const attackMs: number[] = [];
      let stop = false;
      await loopDelay();
      const probe = async (fn: () => Promise<void>) => {
        while (!stop) {
          await fn();
          await sleep(10);
        }
      };
      const attacker = async () => {
        while (!stop && attack) {
          await timed(
            () =>
              fetch(validateUrl, { method: 'POST', headers: json, body: JSON.stringify(attack) }),
            attackMs,
            attackStatus,
          );
        }
      };
      const running = [
        probe(() => timed(() => fetch(`${base}/healthz`), health, healthStatus)),
        probe(() => timed(webhook, hooks, hookStatus)),
        ...Array.from({ length: attack ? ATTACKERS : 0 }, attacker),
      ];
      await sleep(seconds * 1000);
      stop = true;
      await Promise.all(running);
      const loop = await loopDelay();
      const show = (m: Map<number, number>) =>
        [...m].map(([status, n]) => `${n}×${status}`).join(', ');
      console.log(
        `  ${label}: /healthz p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms (${show(healthStatus)}); ` +
          `webhook p50 ${percentile(hooks, 50).toFixed(1)} ms, p99 ${percentile(hooks, 99).toFixed(1)} ms (${show(hookStatus)})` +
          (attack
            ? `; attack requests ${show(attackStatus)}, p50 ${percentile(attackMs, 50).toFixed(1)} ms`
            : '') +
          `; server event-loop delay p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms`,
      );
      return { health: percentile(health, 99), hooks: percentile(hooks, 99), loopMax: loop.max };
    }

    await phase('warm-up', undefined, 2);
    const idle = await phase('no attack', undefined, Math.max(3, PHASE_SECONDS / 2));
    const ordinary = await phase('ordinary validations, same senders', ORDINARY, PHASE_SECONDS);
    const ranges = await phase('nested-range attack', ATTACK, PHASE_SECONDS);
    const burner = await phase('budget-burning attack', BUDGET_BURNER, PHASE_SECONDS);
    const rows = (
      label: string,
      r: { health: number; hooks: number; loopMax: number },
    ): Measurement[] => [
      {
        name: `${label}: /healthz p99`,
        value: r.health,
        unit: 'ms',
        baseline: { value: idle.health, label: 'no attack' },
        target: { text: `< ${TARGET_MS} ms`, met: r.health < TARGET_MS },
      },
      {
        name: `${label}: signed webhook p99`,
        value: r.hooks,
        unit: 'ms',
        baseline: { value: idle.hooks, label: 'no attack' },
        target: { text: `< ${TARGET_MS} ms`, met: r.hooks < TARGET_MS },
      },
      {
        name: `${label}: server event-loop delay max`,
        value: r.loopMax,
        unit: 'ms',
        baseline: { value: idle.loopMax, label: 'no attack' },
      },
    ];
    return [
      ...rows('8 senders of ordinary drafts', ordinary),
      ...rows('template attack (nested ranges)', ranges),
      ...rows('template attack (budget burners)', burner),
    ];
  } finally {
    server.kill('SIGTERM');
    await sleep(500);
    server.kill('SIGKILL');
    await dropDatabase(DB_NAME);
  }
}
