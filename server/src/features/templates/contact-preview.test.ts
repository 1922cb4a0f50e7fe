/** Preview by contact: the template renders a real contact of the caller's org, and only that. */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp } from '../../test/factories.js';

const { app } = await createTestApp();

describe('preview with a contact', () => {
  it('renders the contact’s name, attributes and normalized identities', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const orgs = `/api/v1/orgs/${owner.org.id}`;
    const contact = await request(app, owner, 'POST', `${orgs}/contacts`, {
      name: 'Ana Lima',
      identities: [{ channel: 'phone', value: '912 345 678', region: 'PT' }],
      attributes: { plan: 'Pro' },
    });
    expect(contact.statusCode).toBe(201);
    const template = await request(app, owner, 'POST', `${orgs}/templates`, {
      name: 'Plan',
      channel: 'sms',
      body: '{{ contact.name }} ({{ contact.attributes.plan }}) at {% for i in contact.identities %}{{ i.normalized }}{% endfor %}: {{ greeting }} from {{ org.name }}',
      variables: [{ name: 'greeting', type: 'string', required: false, default: 'hello' }],
    });
    expect(template.statusCode).toBe(201);

    const preview = await request(
      app,
      owner,
      'POST',
      `${orgs}/templates/${template.json().id}/preview`,
      { variables: {}, contactId: contact.json().id },
    );
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      body: 'Ana Lima (Pro) at +351912345678: hello from Acme',
      sms: { encoding: 'GSM-7', segments: 1 },
    });
  });

  it('does not render another org’s contact', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const theirs = await request(app, other, 'POST', `/api/v1/orgs/${other.org.id}/contacts`, {
      name: 'Not yours',
      identities: [{ channel: 'email', value: 'private@example.com' }],
    });
    expect(theirs.statusCode).toBe(201);
    const orgs = `/api/v1/orgs/${owner.org.id}`;
    const template = await request(app, owner, 'POST', `${orgs}/templates`, {
      name: 'Hello',
      channel: 'sms',
      body: 'Hi {{ contact.name }}',
      variables: [],
    });
    const preview = await request(
      app,
      owner,
      'POST',
      `${orgs}/templates/${template.json().id}/preview`,
      { variables: {}, contactId: theirs.json().id },
    );
    expect(preview.statusCode).toBe(404);
    expect(preview.json()).toMatchObject({ code: 'not_found', detail: 'Contact not found.' });
  });
});
