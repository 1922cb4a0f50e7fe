// Reliability: `kill -9` of the server under webhook load loses no acknowledged callback.
// Signed Twilio callbacks (each a new MessageSid) are posted by 20 concurrent senders; the server
// process is SIGKILLed mid-load and restarted; every callback that got a 200 must be stored.
import {
  dropDatabase,
  freePort,
  freshDatabase,
  pgQuery,
  productionEnv,
  signedTwilioStatus,
  sleep,
  startServe,
  twilioOwner,
  waitReady,
} from '../lib/served.js';
import type { Measurement } from '../lib/report.js';

const DB_NAME = 'switchboard_reliability';
const AUTH_TOKEN = 'b'.repeat(32);

export async function webhookKill(): Promise<Measurement[]> {
  const dbUrl = await freshDatabase(DB_NAME);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = productionEnv(port, dbUrl);
  let server = startServe(env);
  try {
    await waitReady(base);
    const { integrationId: id, statusUrl: hookUrl } = await twilioOwner(base, {
      authToken: AUTH_TOKEN,
      accountSid: `AC${'1'.repeat(32)}`,
      fromNumber: '+14155550199',
    });

    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const sid = `SMkill${(sent++).toString().padStart(8, '0')}`;
        try {
          const res = await fetch(hookUrl, signedTwilioStatus(hookUrl, AUTH_TOKEN, sid));
          if (res.status === 200) acknowledged.push(sid);
        } catch {
          await sleep(20); // server down: keep trying other callbacks
        }
      }
    };
    const senders = Array.from({ length: 20 }, sender);
    await sleep(3000);
    server.kill('SIGKILL');
    console.log(
      `  killed the server (SIGKILL) after ${acknowledged.length} acknowledged callbacks`,
    );
    await sleep(500);
    server = startServe(env);
    await waitReady(base);
    await sleep(1500);
    stop = true;
    await Promise.all(senders);

    const result = await pgQuery(
      dbUrl,
      `select provider_event_id from webhook_events where integration_id = '${id}'`,
    );
    const stored = new Set(
      result.rows.map((r: { provider_event_id: string }) => r.provider_event_id),
    );
    const lost = acknowledged.filter((sid) => !stored.has(`${sid}:delivered`));
    console.log(
      `  acknowledged ${acknowledged.length} of ${sent} sent; stored ${stored.size}; lost ${lost.length}`,
    );
    // Each stored callback's monitoring row is written in the same statement: none may be missing.
    const logged = await pgQuery(
      dbUrl,
      `select count(*)::int as n from provider_events
       where integration_id = '${id}' and kind = 'callback' and outcome = 'accepted'`,
    );
    const unlogged = stored.size - Number(logged.rows[0]?.n ?? 0);
    console.log(`  stored callbacks without their provider_event: ${unlogged}`);
    return [
      {
        name: 'kill -9 under webhook load: lost acknowledged callbacks',
        value: lost.length,
        unit: 'callbacks',
        target: { text: '= 0', met: lost.length === 0 && acknowledged.length > 0 },
      },
      {
        name: 'kill -9: stored callbacks without a provider_event',
        value: unlogged,
        unit: 'callbacks',
        target: { text: '= 0', met: unlogged === 0 },
      },
    ];
  } finally {
    server.kill('SIGKILL');
    await sleep(300);
    await dropDatabase(DB_NAME);
  }
}
