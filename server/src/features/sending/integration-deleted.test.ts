import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domainEvents, messageEvents, messages } from '../../db/schema/index.js';
import { createEventBus } from '../../platform/events/outbox.js';
import { subscriptionsOf } from '../../platform/module.js';
import { request } from '../../test/factories.js';
import { createSendTestApp } from './test-helpers.js';

const { t, owner, base, template, contact, campaign, action, sendOne } = await createSendTestApp();

/** The event bus as a worker runs it, with every module's subscriptions. */
function workerBus() {
  const failures: unknown[] = [];
  const bus = createEventBus(t.database.db, { onError: (err) => failures.push(err) });
  for (const s of subscriptionsOf(t.services.modules)) bus.subscribe(s.event, s.name, s.handler);
  return { bus, failures };
}

describe('deleting an integration with messages still queued', () => {
  it('fails them with our reason and completes the campaign, once', async () => {
    const created = await request(t.app, owner, 'POST', `${base}/integrations`, {
      provider: 'sendgrid',
      sandbox: true,
      credentials: { apiKey: 'SG.sandbox-deleted-later' },
      settings: { fromEmail: 'gone@acme.example' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const integrationId = created.json<{ id: string }>().id;
    const templateId = await template('email', '<p>Hello</p>');
    const a = await contact('Gone A', [{ channel: 'email', value: 'gone-a@example.com' }]);
    const b = await contact('Gone B', [{ channel: 'email', value: 'gone-b@example.com' }]);
    const c = await campaign({
      templateId,
      integrationId,
      audience: { groupIds: [], contactIds: [a.id, b.id] },
    });
    expect((await action(c.id, 'launch')).json().stats).toMatchObject({ queued: 2 });
    const oneOff = await sendOne({
      integrationId,
      to: { value: 'gone-c@example.com' },
      body: { subject: 'Hi', text: 'Never sent' },
    });

    const removed = await request(t.app, owner, 'DELETE', `${base}/integrations/${integrationId}`);
    expect(removed.statusCode, removed.body).toBe(204);

    const { bus, failures } = workerBus();
    expect(await bus.dispatchBatch()).toBeGreaterThan(0);
    expect(failures).toEqual([]);

    const rows = await t.database.db
      .select()
      .from(messages)
      .where(eq(messages.integrationId, integrationId));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({
        status: 'failed',
        reasonCode: 'integration_deleted',
        nextAttemptAt: null,
      });
    }
    const history = await t.database.db
      .select()
      .from(messageEvents)
      .where(and(eq(messageEvents.messageId, oneOff.id), eq(messageEvents.status, 'failed')));
    expect(history).toHaveLength(1);

    const shown = (await request(t.app, owner, 'GET', `${base}/campaigns/${c.id}`)).json();
    expect(shown).toMatchObject({ status: 'completed', stats: { failed: 2, queued: 0 } });
    const completed = await t.database.db
      .select()
      .from(domainEvents)
      .where(eq(domainEvents.type, 'campaign.completed'));
    expect(
      completed.filter((e) => (e.payload as { campaignId: string }).campaignId === c.id),
    ).toHaveLength(1);

    // Delivered once: another round has nothing to do and writes nothing more.
    await bus.dispatchBatch();
    const again = await t.database.db
      .select()
      .from(messageEvents)
      .where(and(eq(messageEvents.messageId, oneOff.id), eq(messageEvents.status, 'failed')));
    expect(again).toHaveLength(1);
  });
});
