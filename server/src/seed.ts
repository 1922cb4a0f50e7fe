import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { users } from './db/schema/index.js';
import { randomToken } from './platform/auth/tokens.js';
import type { Services } from './services.js';
import { createOrgContext, type RequestMeta } from './platform/tenancy.js';

export const DEMO_EMAIL = 'demo@switchboard.local';

/**
 * A fresh embedded install gets a demo account so every screen has something to show. The
 * password is random and written to DATA_DIR (mode 0600), never to the logs.
 */
export async function seedDemo(
  config: Config,
  services: Services,
  logger: Logger,
  opts: { onlyIfEmpty: boolean },
) {
  if (opts.onlyIfEmpty) {
    const [row] = await services.db.select({ n: count() }).from(users);
    if (Number(row?.n ?? 0) > 0) return false;
  }
  const password = randomToken(12);
  const meta = { ip: null, userAgent: 'switchboard seed', requestId: 'seed' };
  try {
    const demo = await services.auth.signup(
      { email: DEMO_EMAIL, password, name: 'Demo User', orgName: 'Demo Company' },
      meta,
    );
    if (config.sandbox) await seedSandboxCampaign(services, demo, meta);
  } catch (err) {
    logger.info({ err }, 'demo account not created (it probably exists already)');
    return false;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'demo-login.txt');
  writeFileSync(file, `email: ${DEMO_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
  logger.info(
    { email: DEMO_EMAIL, credentials: file },
    'created the demo account; its password is in the credentials file',
  );
  return true;
}

/**
 * Something to send on the sandbox: Twilio and SendGrid sandbox integrations, an SMS and an email
 * template, a group of contacts (one phone scripted to be unreachable, one to have texted STOP,
 * one address that bounces, one contact per channel only) and a draft campaign per channel, so a
 * newcomer can launch them and watch deliveries, bounces and the unsubscribe link.
 */
async function seedSandboxCampaign(
  services: Services,
  demo: { user: { id: string; name: string }; org: { id: string } },
  meta: RequestMeta,
) {
  const ctx = createOrgContext(services.db, {
    orgId: demo.org.id,
    role: 'owner',
    actor: { type: 'user', id: demo.user.id, name: demo.user.name },
    userId: demo.user.id,
    meta,
  });
  const hex = randomBytes(16).toString('hex');
  const integration = await services.integrations.create(ctx, {
    provider: 'twilio',
    name: 'Twilio (sandbox)',
    sandbox: true,
    verification: 'enforced',
    credentials: { accountSid: `AC${hex}`, authToken: randomBytes(16).toString('hex') },
    settings: { fromNumber: '+14155550100' },
  });
  // Created after Twilio: the list shows it first (newest first), beside the SMS one.
  const sendgrid = await services.integrations.create(ctx, {
    provider: 'sendgrid',
    name: 'SendGrid (sandbox)',
    sandbox: true,
    verification: 'enforced',
    credentials: { apiKey: `SG.demo-${randomBytes(12).toString('hex')}` },
    settings: { fromEmail: 'hello@demo.switchboard.local', fromName: 'Demo Company' },
  });
  const template = await services.templates.create(ctx, {
    name: 'Welcome (SMS)',
    channel: 'sms',
    subject: null,
    body: 'Hi {{ contact.name }}, welcome to {{ org.name }}! {{ offer }}',
    text: null,
    variables: [
      { name: 'offer', type: 'string', required: false, default: 'Reply STOP to opt out.' },
    ],
  });
  const emailTemplate = await services.templates.create(ctx, {
    name: 'Welcome (email)',
    channel: 'email',
    subject: 'Welcome to {{ org.name }}, {{ contact.name }}',
    body:
      '<p>Hi {{ contact.name }},</p><p>welcome to {{ org.name }}! {{ offer }}</p>' +
      '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    text: null,
    variables: [
      { name: 'offer', type: 'string', required: false, default: 'We are glad you are here.' },
    ],
  });
  const group = await services.contactGroups.create(ctx, {
    name: 'Demo list',
    description:
      'Sandbox recipients: …0030 is unreachable, …0021 has texted STOP, bounce@… bounces.',
  });
  type Identity = { channel: 'phone' | 'email'; value: string };
  const phone = (value: string): Identity => ({ channel: 'phone', value });
  const email = (value: string): Identity => ({ channel: 'email', value });
  const people: [string, Identity[]][] = [
    ['Ada Lovelace', [phone('+14155550101'), email('ada@example.com')]],
    ['Grace Hopper', [phone('+14155550102'), email('grace@example.com')]],
    ['Linus Torvalds', [phone('+14155550103'), email('linus@example.com')]],
    ['Unreachable Phone', [phone('+14155550030')]],
    ['Stopped Texting', [phone('+14155550021')]],
    ['Email Only', [email('email.only@example.com')]],
    ['Bouncing Email', [email('bounce@example.com')]],
  ];
  for (const [name, identities] of people) {
    await services.contacts.create(ctx, {
      name,
      identities,
      attributes: {},
      groupIds: [group.id],
    });
  }
  await services.messaging.campaigns.create(ctx, {
    name: 'Welcome campaign (sandbox)',
    templateId: template.id,
    integrationId: integration.id,
    audience: { groupIds: [group.id], contactIds: [] },
    rateLimitPerSecond: 5,
  });
  await services.messaging.campaigns.create(ctx, {
    name: 'Welcome email (sandbox)',
    templateId: emailTemplate.id,
    integrationId: sendgrid.id,
    audience: { groupIds: [group.id], contactIds: [] },
    rateLimitPerSecond: 5,
  });
}
