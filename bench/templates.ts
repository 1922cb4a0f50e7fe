// Template engine throughput, single core, in process: the full validator (parse, static
// analysis, sample render, channel checks) on a 2 KB email template, and the send-time render of
// the same template with its parse cached (what a campaign does per recipient).
import {
  renderForSend,
  type TemplateVersionContent,
} from '../server/src/features/templates/render.js';
import { validateTemplate } from '../server/src/features/templates/validator.js';
import type { Measurement } from './lib/report.js';

const MIN_VALIDATE_PER_S = 5_000;
const MIN_CACHED_RATIO = 10;
const WARMUP_MS = 1_000;
const MEASURE_MS = 3_000;

const paragraph =
  '<p>We wanted to let you know that your order has been packed with care and is on its way. ' +
  'You can follow it at any time from your account, and reply to this email if anything is off.</p>\n';

/** ~2 KB of realistic HTML: outputs, filters with arguments, a condition and a loop. */
export const BODY = [
  '<h1>Hi {{ contact.name | default: "there" }},</h1>',
  '<p>Your order <b>#{{ order_id }}</b> from {{ org.name }} shipped on {{ shipped_at | date: "%B %-d, %Y" }}.</p>',
  paragraph,
  '{% if express %}<p>Express delivery: expect it within {{ eta_days }} days.</p>{% else %}<p>Standard delivery.</p>{% endif %}',
  '<table>',
  '{% for item in items %}<tr><td>{{ forloop.index }}</td><td>{{ item.title | escape }}</td><td>{{ item.qty }}</td><td>{{ item.price | prepend: "$" }}</td></tr>{% endfor %}',
  '</table>',
  '<p>Total: {{ total | prepend: "$" }} — {{ items | size }} items.</p>',
  paragraph,
  paragraph,
  paragraph,
  '<p><a href="{{ tracking_url }}">Track your parcel</a> · <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  paragraph,
  paragraph,
].join('\n');

export const VARIABLES: TemplateVersionContent['variables'] = [
  { name: 'order_id', type: 'string', required: true },
  { name: 'shipped_at', type: 'date', required: true },
  { name: 'express', type: 'boolean', required: false, default: false },
  { name: 'eta_days', type: 'number', required: false, default: 2 },
  { name: 'items', type: 'list', required: true },
  { name: 'total', type: 'string', required: true },
  { name: 'tracking_url', type: 'url', required: true },
];

const VERSION: TemplateVersionContent = {
  id: '0190a000-0000-7000-8000-0000000be7c4',
  channel: 'email',
  subject: 'Order {{ order_id }} shipped',
  body: BODY,
  text: null,
  variables: VARIABLES,
};

const VALUES = {
  order_id: 'A-10023',
  shipped_at: '2026-03-01',
  express: true,
  items: [
    { title: 'Kettle', qty: 1, price: '39.00' },
    { title: 'Mugs (set of 4)', qty: 2, price: '24.00' },
    { title: 'Tea <loose leaf>', qty: 3, price: '9.50' },
  ],
  total: '115.50',
  tracking_url: 'https://track.example.com/A-10023',
};
const CONTEXT = {
  org: { name: 'Acme' },
  contact: { name: 'Ana Lima', attributes: {}, identities: [] },
  unsubscribeUrl: 'https://switchboard.example.com/u/abc',
};

/**
 * Operations per second of CPU time used by this process (user + system, all its threads): what
 * one core does, even while other work on the machine takes turns on it. Wall-clock rate too.
 */
function opsPerSecond(label: string, fn: () => void): { cpu: number; wall: number } {
  const until = (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
    }
    return n;
  };
  until(WARMUP_MS);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const n = until(MEASURE_MS);
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rate = { cpu: n / cpuS, wall: n / wallS };
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `  ${label.padEnd(40)} ${f(rate.cpu)} ops per CPU-second (${f(rate.wall)}/s wall clock, ` +
      `${Math.round((cpuS / wallS) * 100)}% of a core)`,
  );
  return rate;
}

export async function templatesBench(): Promise<Measurement[]> {
  const draft = {
    channel: 'email' as const,
    subject: VERSION.subject,
    body: BODY,
    variables: VARIABLES,
  };
  const check = validateTemplate(draft);
  if (!check.valid) throw new Error(`bench template is invalid: ${JSON.stringify(check.errors)}`);
  console.log(`  template: ${BODY.length} characters of body, ${VARIABLES.length} variables`);

  const validate = opsPerSecond('validate + sample render (no cache)', () => {
    validateTemplate(draft);
  });
  const cached = opsPerSecond('send render, parse cached', () => {
    renderForSend(VERSION, VALUES, CONTEXT);
  });
  console.log(`  cached render / validate: ${(cached.cpu / validate.cpu).toFixed(1)}x`);

  return [
    {
      name: 'templates: validate+render 2 KB',
      value: validate.cpu,
      unit: 'ops/cpu-s',
      target: { text: `>= ${MIN_VALIDATE_PER_S} ops/s`, met: validate.cpu >= MIN_VALIDATE_PER_S },
    },
    {
      name: 'templates: cached render 2 KB',
      value: cached.cpu,
      unit: 'ops/cpu-s',
      baseline: { value: validate.cpu, label: 'validate' },
      target: {
        text: `>= ${MIN_CACHED_RATIO}x validate`,
        met: cached.cpu / validate.cpu >= MIN_CACHED_RATIO,
      },
    },
  ];
}
