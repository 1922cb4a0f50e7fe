// `npm run bench [-- --only <name>]`: runs the benchmarks and prints a summary table. It reports
// and never gates on timing: exit 0 whatever the numbers, non-zero only if a benchmark crashed.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { alertsBench } from './alerts.js';
import { campaignsBench } from './campaigns.js';
import { contactsBench } from './contacts.js';
import { embeddedStart } from './embedded-start.js';
import { monitoringBench } from './monitoring.js';
import { orgRead } from './org-read.js';
import { sendKill } from './reliability/send-kill.js';
import { pgRestart } from './reliability/pg-restart.js';
import { templateAttack } from './reliability/template-attack.js';
import { webhookKill } from './reliability/webhook-kill.js';
import { webhooks } from './webhooks.js';
import { printTable, type Measurement } from './lib/report.js';
import { templatesBench } from './templates.js';

const BENCHMARKS: Record<string, () => Promise<Measurement[]>> = {
  'org-read': orgRead,
  'embedded-start': embeddedStart,
  templates: templatesBench,
  webhooks,
  'webhook-kill': webhookKill,
  'send-kill': sendKill,
  'pg-restart': pgRestart,
  'template-attack': templateAttack,
  contacts: contactsBench,
  campaigns: campaignsBench,
  monitoring: monitoringBench,
  alerts: alertsBench,
};

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const names = values.only ? [values.only] : Object.keys(BENCHMARKS);
const unknown = names.filter((n) => !BENCHMARKS[n]);
if (unknown.length) {
  console.error(
    `unknown benchmark ${unknown.join(', ')}; one of: ${Object.keys(BENCHMARKS).join(', ')}`,
  );
  process.exit(2);
}

const load = loadavg().map((l) => l.toFixed(2));
console.log(
  `${cpus().length} CPUs, load average ${load.join(' ')} (other work on the machine skews results)`,
);

const rows: Measurement[] = [];
const crashed: string[] = [];
for (const name of names) {
  console.log(`\n== ${name}`);
  try {
    rows.push(...(await BENCHMARKS[name]!()));
  } catch (err) {
    crashed.push(name);
    console.error(`${name} crashed:`, err);
  }
}
console.log('\n== summary');
printTable(rows);
if (crashed.length) console.log(`\ncrashed: ${crashed.join(', ')}`);
process.exit(crashed.length ? 1 : 0);
