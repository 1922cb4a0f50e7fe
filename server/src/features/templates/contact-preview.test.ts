/**
 * Preview by contact, through the service with a contacts loader standing in for the contacts
 * feature (wired in services.ts at merge).
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { signUp } from '../../test/factories.js';
import { createOrgContext, type OrgContext } from '../../platform/tenancy.js';
import { createTemplatesService, type ContactsForTemplates } from './service.js';

const { app, database } = await createTestApp();

const ANA = '0190a000-0000-7000-8000-00000000a0a0';

describe('preview with a contact', () => {
  it('renders the contact’s name, attributes and identities, scoped to the caller’s org', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const calls: { orgId: string; contactId: string }[] = [];
    const contacts: ContactsForTemplates = {
      async loadForTemplate(ctx, contactId) {
        calls.push({ orgId: ctx.orgId, contactId });
        if (contactId !== ANA) return null;
        return {
          name: 'Ana Lima',
          attributes: { plan: 'Pro' },
          identities: [{ channel: 'sms', value: '+351 912 345 678', normalized: '+351912345678' }],
        };
      },
    };
    const templates = createTemplatesService({ contacts });
    const ctx: OrgContext = createOrgContext(database.db, {
      orgId: owner.org.id,
      role: 'owner',
      actor: { type: 'user', id: owner.user.id, name: owner.user.name },
      userId: owner.user.id,
      meta: { ip: null, userAgent: null, requestId: 'test' },
    });
    const template = await templates.create(ctx, {
      name: 'Plan',
      channel: 'sms',
      body: '{{ contact.name }} ({{ contact.attributes.plan }}) at {% for i in contact.identities %}{{ i.normalized }}{% endfor %}: {{ greeting }} from {{ org.name }}',
      variables: [{ name: 'greeting', type: 'string', required: false, default: 'hello' }],
    });

    const out = await templates.preview(ctx, template.id, { variables: {}, contactId: ANA });
    expect(out).toEqual({
      body: 'Ana Lima (Pro) at +351912345678: hello from Acme',
      sms: { encoding: 'GSM-7', segments: 1, characters: 48 },
      warnings: [],
    });
    expect(calls).toEqual([{ orgId: owner.org.id, contactId: ANA }]);

    await expect(
      templates.preview(ctx, template.id, {
        variables: {},
        contactId: '0190a000-0000-7000-8000-00000000b0b0',
      }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'Contact not found.' });
  });
});
