import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, expect } from 'vitest';
import { messageEvents, messages } from '../../db/schema/index.js';
import { startJobQueue } from '../../test/app.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import { request, signUp } from '../../test/factories.js';
import type { CampaignWithStats } from '../campaigns/index.js';
import type { Message } from '../message-log/index.js';
import { createSendPipeline, type PipelineOptions } from './pipeline.js';

/**
 * The sending tests' app: a sandboxed app with a job runner, an org with a SendGrid, a Twilio and
 * a Telegram sandbox integration, and the calls those tests make. Closed after the file.
 */
export async function createSendTestApp() {
  const { t, sandbox } = await createSandboxedApp();
  await startJobQueue(t.services);
  afterAll(async () => {
    await sandbox.close();
  });
  const owner = await signUp(t.app, { orgName: 'Acme' });
  const base = `/api/v1/orgs/${owner.org.id}`;

  /** A pipeline with quick retries; `dispatch` runs the real job handler's work to the end. */
  function pipeline(options: Partial<PipelineOptions> = {}) {
    return createSendPipeline({
      db: t.database.db,
      integrations: t.services.integrations,
      publicUrl: t.config.publicUrl,
      unsubscribeLinks: t.services.unsubscribeLinks,
      renderer: t.services.renderer,
      logger: pino({ level: 'silent' }),
      options: { retry: { baseMs: 20, capMs: 100, maxAttempts: 3 }, ...options },
    });
  }
  const drain = (integrationId: string, options: Partial<PipelineOptions> = {}) =>
    pipeline(options).dispatch({ orgId: owner.org.id, integrationId });

  async function integration(body: Record<string, unknown>) {
    const res = await request(t.app, owner, 'POST', `${base}/integrations`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function template(channel: string, body: string, extra: Record<string, unknown> = {}) {
    const res = await request(t.app, owner, 'POST', `${base}/templates`, {
      name: `T ${Math.random()}`,
      channel,
      body,
      ...(channel === 'email' && { subject: 'Hello {{ contact.name }}' }),
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function contact(
    name: string,
    identities: { channel: string; value: string }[],
    groupIds: string[] = [],
  ) {
    const res = await request(t.app, owner, 'POST', `${base}/contacts`, {
      name,
      identities,
      groupIds,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; identities: { id: string }[] }>();
  }

  async function group(name: string) {
    const res = await request(t.app, owner, 'POST', `${base}/groups`, { name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function campaign(body: Record<string, unknown>) {
    const res = await request(t.app, owner, 'POST', `${base}/campaigns`, {
      name: `Campaign ${Math.random()}`,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CampaignWithStats>();
  }

  const action = (id: string, name: string, headers: Record<string, string> = {}) =>
    request(t.app, owner, 'POST', `${base}/campaigns/${id}/${name}`, undefined, headers);

  async function sendOne(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await request(t.app, owner, 'POST', `${base}/messages`, body, headers);
    expect(res.statusCode, res.body).toBe(202);
    return res.json<Message>();
  }

  async function messageRow(id: string) {
    const [row] = await t.database.db.select().from(messages).where(eq(messages.id, id));
    return row!;
  }

  const eventsOf = (id: string) =>
    t.database.db
      .select()
      .from(messageEvents)
      .where(eq(messageEvents.messageId, id))
      .orderBy(messageEvents.occurredAt, messageEvents.id);

  const accepted = (provider: string) => sandbox.ctx.accepted[provider] ?? 0;

  function knobs(values: Partial<typeof sandbox.ctx.knobs>) {
    Object.assign(sandbox.ctx.knobs, values);
  }

  const sendgridId = await integration({
    provider: 'sendgrid',
    sandbox: true,
    credentials: { apiKey: 'SG.sandbox-send-test' },
    settings: { fromEmail: 'news@acme.example' },
  });
  const twilioId = await integration({
    provider: 'twilio',
    sandbox: true,
    credentials: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'sandboxtoken12345678' },
    settings: { fromNumber: '+14155550100' },
  });
  const telegramId = await integration({
    provider: 'telegram',
    sandbox: true,
    credentials: { botToken: '123456:sandbox-send-bot-token' },
  });

  return {
    t,
    sandbox,
    owner,
    base,
    sendgridId,
    twilioId,
    telegramId,
    pipeline,
    drain,
    template,
    contact,
    group,
    campaign,
    action,
    sendOne,
    messageRow,
    eventsOf,
    accepted,
    knobs,
  };
}
