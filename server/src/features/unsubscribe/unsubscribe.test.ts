import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../sandbox/index.js';
import { auditLog, messages } from '../../db/schema/index.js';
import { startJobQueue, TEST_ORIGIN, type TestApp } from '../../test/app.js';
import { png } from '../settings/test-images.js';
import { request, signUp, uniqueEmail, type SignedUp } from '../../test/factories.js';
import { createSandboxedApp } from '../../test/sandbox.js';
import type { Suppression } from '../suppressions/index.js';
import type { Message } from '../message-log/index.js';
import { createUnsubscribeLinks } from './token.js';

let t: TestApp;
let sandbox: RunningSandbox;

interface Tenant {
  owner: SignedUp;
  base: string;
  sendgridId: string;
  templateId: string;
}
let acme: Tenant;
let other: Tenant;

async function tenant(orgName: string): Promise<Tenant> {
  const owner = await signUp(t.app, { orgName });
  const base = `/api/v1/orgs/${owner.org.id}`;
  const integration = await request(t.app, owner, 'POST', `${base}/integrations`, {
    provider: 'sendgrid',
    sandbox: true,
    credentials: { apiKey: `SG.sandbox-unsub-${owner.org.id}` },
    settings: { fromEmail: 'news@acme.example' },
  });
  expect(integration.statusCode, integration.body).toBe(201);
  const template = await request(t.app, owner, 'POST', `${base}/templates`, {
    name: 'Newsletter',
    channel: 'email',
    subject: 'News for {{ contact.name }}',
    body: '<p>Hello</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
  });
  expect(template.statusCode, template.body).toBe(201);
  return {
    owner,
    base,
    sendgridId: integration.json<{ id: string }>().id,
    templateId: template.json<{ id: string }>().id,
  };
}

beforeAll(async () => {
  ({ t, sandbox } = await createSandboxedApp());
  await startJobQueue(t.services);
  acme = await tenant('Acme <& Sons>');
  other = await tenant('Other Org');
});

async function contact(org: Tenant, email: string) {
  const res = await request(t.app, org.owner, 'POST', `${org.base}/contacts`, {
    name: 'Ada',
    identities: [{ channel: 'email', value: email }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; identities: { id: string }[] }>();
}

/** Sends the newsletter to a contact through the real pipeline and sandbox; the message row. */
async function send(org: Tenant, contactId: string) {
  const res = await request(t.app, org.owner, 'POST', `${org.base}/messages`, {
    integrationId: org.sendgridId,
    contactId,
    templateId: org.templateId,
  });
  expect(res.statusCode, res.body).toBe(202);
  const { id } = res.json<Message>();
  // The pipeline as the app wires it (services.ts), run to the end here.
  await t.services.messaging.pipeline.dispatch({
    orgId: org.owner.org.id,
    integrationId: org.sendgridId,
  });
  const [row] = await t.database.db.select().from(messages).where(eq(messages.id, id));
  return row!;
}

const path = (url: string) => new URL(url).pathname;

/** The link as the recipient's mailbox has it: from the sandbox's copy of the sent email. */
function receivedLink(to: string) {
  const email = sandbox.ctx.emails.findLast((e) => e.to === to);
  expect(email, `no email to ${to}`).toBeDefined();
  const header = email!.headers['List-Unsubscribe'] ?? '';
  return { email: email!, url: /^<(.+)>$/.exec(header)?.[1] ?? '' };
}

const oneClick = (url: string, remoteAddress?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
    ...(remoteAddress && { remoteAddress }),
  });

async function suppressionsOf(org: Tenant) {
  const res = await request(t.app, org.owner, 'GET', `${org.base}/suppressions?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Suppression[] }>().items;
}

const suppressionAudits = (org: Tenant) =>
  t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, org.owner.org.id), eq(auditLog.action, 'suppression.created')));

describe('unsubscribe tokens', () => {
  const links = createUnsubscribeLinks({
    secrets: ['a-secret-that-is-at-least-32-characters'],
    publicUrl: 'https://sb.example',
  });
  const target = {
    orgId: '0195f3a0-0000-7000-8000-000000000001',
    messageId: '0195f3a0-0000-7000-8000-0000000000ff',
  };

  it('round-trip to the org and message they were made for, URL-safe', () => {
    const token = links.token(target);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(links.verify(token)).toEqual(target);
    expect(links.url(target)).toBe(`https://sb.example/u/${token}`);
  });

  it('refuse any changed character, another key, and malformed input', () => {
    const token = links.token(target);
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === 'A' ? 'B' : 'A';
      expect(links.verify(token.slice(0, i) + c + token.slice(i + 1))).toBeUndefined();
    }
    const otherKey = createUnsubscribeLinks({
      secrets: ['another-secret-that-is-at-least-32-chars'],
      publicUrl: 'https://sb.example',
    });
    expect(otherKey.verify(token)).toBeUndefined();
    for (const bad of [
      '',
      'x',
      token.slice(1),
      `${token}A`,
      `${token.slice(0, -1)}=`,
      '../../etc',
    ]) {
      expect(links.verify(bad)).toBeUndefined();
    }
  });
});

describe('the unsubscribe key ring', () => {
  const OLD = 'the-old-session-secret-at-least-32-chars';
  const NEW = 'the-new-unsubscribe-key-at-least-32-chars';
  const target = {
    orgId: '0195f3a0-0000-7000-8000-000000000001',
    messageId: '0195f3a0-0000-7000-8000-0000000000ff',
  };
  const ring = (...secrets: string[]) =>
    createUnsubscribeLinks({ secrets, publicUrl: 'https://sb.example' });

  it('signs with the first key and verifies with every key, so old links survive a rotation', () => {
    const before = ring(OLD).token(target);
    const rotated = ring(NEW, OLD);
    const after = rotated.token(target);
    expect(after).not.toBe(before);
    expect(rotated.verify(before)).toEqual(target);
    expect(rotated.verify(after)).toEqual(target);
    expect(ring(NEW).token(target)).toBe(after);
    // Once the old key is dropped, its links stop working; the new ones keep working.
    expect(ring(NEW).verify(before)).toBeUndefined();
    expect(ring(NEW).verify(after)).toEqual(target);
  });
});

describe('unsubscribe links in sent email', () => {
  it('the SendGrid request carries List-Unsubscribe and one-click headers; the body the same URL', async () => {
    const address = uniqueEmail('reader');
    const c = await contact(acme, address);
    const row = await send(acme, c.id);
    expect(row.status).toBe('sent');
    const { email, url } = receivedLink(address);
    expect(url).toBe(
      t.services.unsubscribeLinks.url({ orgId: acme.owner.org.id, messageId: row.id }),
    );
    expect(url.startsWith(`${t.config.publicUrl}/u/`)).toBe(true);
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(email.html).toContain(`href="${url}"`);
    expect(row.content?.html).toContain(url);
  });

  it('campaign emails, rendered by the pipeline, each carry their own link', async () => {
    const [a, b] = [uniqueEmail('camp-a'), uniqueEmail('camp-b')];
    const ca = await contact(acme, a);
    const cb = await contact(acme, b);
    const created = await request(t.app, acme.owner, 'POST', `${acme.base}/campaigns`, {
      name: 'Spring news',
      templateId: acme.templateId,
      integrationId: acme.sendgridId,
      audience: { groupIds: [], contactIds: [ca.id, cb.id] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaignId = created.json<{ id: string }>().id;
    const launched = await request(
      t.app,
      acme.owner,
      'POST',
      `${acme.base}/campaigns/${campaignId}/launch`,
    );
    expect(launched.statusCode, launched.body).toBe(200);
    await t.services.messaging.pipeline.dispatch({
      orgId: acme.owner.org.id,
      integrationId: acme.sendgridId,
    });
    const rows = await t.database.db
      .select()
      .from(messages)
      .where(eq(messages.campaignId, campaignId));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    for (const row of rows) {
      const { email, url } = receivedLink(row.address!);
      expect(url).toBe(
        t.services.unsubscribeLinks.url({ orgId: acme.owner.org.id, messageId: row.id }),
      );
      expect(email.html).toContain(`href="${url}"`);
    }
    expect(receivedLink(a).url).not.toBe(receivedLink(b).url);
  });
});

describe('the unsubscribe page and one-click POST', () => {
  it('GET shows the organization and a form posting to the same URL, and suppresses nothing', async () => {
    const address = uniqueEmail('scanner');
    const c = await contact(acme, address);
    await send(acme, c.id);
    const { url } = receivedLink(address);
    const before = await suppressionsOf(acme);

    const res = await t.app.inject({ method: 'GET', url: path(url) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Acme &lt;&amp; Sons&gt;');
    expect(res.body).toContain(`<form method="post" action="${path(url)}">`);
    expect(res.body).toContain('Unsubscribe</button>');
    expect(res.body).not.toContain(address);
    expect(res.body).not.toMatch(/<script/i);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(res.body).toContain(`<style nonce="${nonce}">`);
    expect(res.headers['cache-control']).toBe('no-store');

    expect(await suppressionsOf(acme)).toEqual(before);
    const later = await send(acme, c.id);
    expect(later.status).toBe('sent');
  });

  it('shows the organization’s logo and brand colour (its settings) on both pages', async () => {
    const address = uniqueEmail('branded');
    const c = await contact(other, address);
    await send(other, c.id);
    const { url } = receivedLink(address);
    const plain = await t.app.inject({ method: 'GET', url: path(url) });
    expect(plain.body).not.toContain('class="logo"');

    const settings = await request(t.app, other.owner, 'PATCH', `${other.base}/settings`, {
      brandColor: '#0A7B83',
    });
    expect(settings.statusCode).toBe(200);
    const boundary = 'unsubscribe-logo';
    const logo = await t.app.inject({
      method: 'PUT',
      url: `${other.base}/logo`,
      headers: {
        ...other.owner.headers,
        origin: TEST_ORIGIN,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="l.png"\r\n\r\n`,
        ),
        png(64, 64),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(logo.statusCode, logo.body).toBe(200);
    const logoUrl: string = logo.json().logo.url;

    const page = await t.app.inject({ method: 'GET', url: path(url) });
    expect(page.body).toContain(`<img class="logo" src="${logoUrl}" alt="Other Org">`);
    expect(page.body).toContain('button { background: #0a7b83; }');
    const done = await oneClick(path(url));
    expect(done.body).toContain(`<img class="logo" src="${logoUrl}"`);
    // The page's CSP lets it show the logo (same origin) and nothing else new.
    expect(String(page.headers['content-security-policy'])).toContain("img-src 'self'");
  });

  it('POST one-click suppresses the address on email, once, and later sends are suppressed', async () => {
    const address = uniqueEmail('leaver');
    const c = await contact(acme, address);
    const sent = await send(acme, c.id);
    const { url } = receivedLink(address);
    const auditsBefore = (await suppressionAudits(acme)).length;

    const res = await oneClick(path(url));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');

    const mine = (await suppressionsOf(acme)).filter((s) => s.normalized === address);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      channel: 'email',
      reason: 'unsubscribe',
      source: 'unsubscribe_link',
      contactId: c.id,
      identityId: c.identities[0]!.id,
      createdBy: 'Unsubscribe link',
    });
    const audits = await suppressionAudits(acme);
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)).toMatchObject({ actorType: 'system', targetId: mine[0]!.id });
    const history = async () =>
      (await request(t.app, acme.owner, 'GET', `${acme.base}/messages/${sent.id}`))
        .json<{ events: { kind: string; source: string }[] }>()
        .events.filter((e) => e.kind === 'unsubscribed');
    expect(await history()).toEqual([
      expect.objectContaining({ kind: 'unsubscribed', source: 'recipient' }),
    ]);

    // Again (a second click, or the mail provider retrying): nothing changes, still a success.
    const again = await oneClick(path(url));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('You are unsubscribed');
    expect((await suppressionsOf(acme)).filter((s) => s.normalized === address)).toHaveLength(1);
    expect(await suppressionAudits(acme)).toHaveLength(auditsBefore + 1);
    expect(await history()).toHaveLength(1);

    // The page now says so instead of offering the button.
    const page = await t.app.inject({ method: 'GET', url: path(url) });
    expect(page.body).toContain('You are unsubscribed');
    expect(page.body).not.toContain('<form');

    const later = await send(acme, c.id);
    expect(later.status).toBe('suppressed');
  });

  it('the confirmation form’s own POST (multipart or bodiless) works too', async () => {
    const address = uniqueEmail('clicker');
    const c = await contact(acme, address);
    await send(acme, c.id);
    const { url } = receivedLink(address);
    const res = await t.app.inject({ method: 'POST', url: path(url) });
    expect(res.statusCode).toBe(200);
    expect((await suppressionsOf(acme)).filter((s) => s.normalized === address)).toHaveLength(1);
  });

  it('still works after the contact was deleted: the address itself is suppressed', async () => {
    const address = uniqueEmail('gone');
    const c = await contact(acme, address);
    await send(acme, c.id);
    const { url } = receivedLink(address);
    const del = await request(t.app, acme.owner, 'DELETE', `${acme.base}/contacts/${c.id}`);
    expect(del.statusCode).toBe(204);

    const res = await oneClick(path(url));
    expect(res.statusCode).toBe(200);
    const mine = (await suppressionsOf(acme)).filter((s) => s.normalized === address);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: 'email', reason: 'unsubscribe', contactId: null });

    // The person comes back as a new contact: still opted out.
    const again = await contact(acme, address);
    expect((await send(acme, again.id)).status).toBe('suppressed');
  });

  it('after a merge the entry names the contact that now holds the address', async () => {
    const address = uniqueEmail('merged');
    const source = await contact(acme, address);
    const target = await contact(acme, uniqueEmail('kept'));
    await send(acme, source.id);
    const { url } = receivedLink(address);
    const merged = await request(
      t.app,
      acme.owner,
      'POST',
      `${acme.base}/contacts/${target.id}/merge`,
      { sourceContactId: source.id, preview: false },
    );
    expect(merged.statusCode, merged.body).toBe(200);

    expect((await oneClick(path(url))).statusCode).toBe(200);
    const mine = (await suppressionsOf(acme)).filter((s) => s.normalized === address);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      channel: 'email',
      reason: 'unsubscribe',
      contactId: target.id,
    });
  });

  it('a link from one organization never touches another', async () => {
    const address = uniqueEmail('both');
    const inAcme = await contact(acme, address);
    const inOther = await contact(other, address);
    const acmeRow = await send(acme, inAcme.id);
    const { url } = receivedLink(address);

    expect((await oneClick(path(url))).statusCode).toBe(200);
    expect((await suppressionsOf(acme)).some((s) => s.normalized === address)).toBe(true);
    expect((await suppressionsOf(other)).some((s) => s.normalized === address)).toBe(false);
    expect((await send(other, inOther.id)).status).toBe('sent');

    // A genuine signature over the other org with this message id finds nothing there.
    const crossed = t.services.unsubscribeLinks.url({
      orgId: other.owner.org.id,
      messageId: acmeRow.id,
    });
    const res = await oneClick(path(crossed));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    expect((await suppressionsOf(other)).some((s) => s.normalized === address)).toBe(false);
  });

  it('a malformed or tampered link is a 400 problem+json, never a 500', async () => {
    const address = uniqueEmail('tamper');
    const c = await contact(acme, address);
    await send(acme, c.id);
    const token = path(receivedLink(address).url).slice('/u/'.length);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const before = await suppressionsOf(acme);

    for (const bad of ['not-a-token', flipped, token.slice(0, -2), `${token}x`, '%00']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await t.app.inject({ method, url: `/u/${bad}`, remoteAddress: '10.9.9.1' });
        expect(res.statusCode, `${method} ${bad}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ code: 'unsubscribe_link_invalid', status: 400 });
      }
    }
    expect(await suppressionsOf(acme)).toEqual(before);

    // A person with a browser gets a page that says so (with the same status and code).
    const page = await t.app.inject({
      method: 'GET',
      url: `/u/${flipped}`,
      headers: { accept: 'text/html,application/xhtml+xml' },
      remoteAddress: '10.9.9.2',
    });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('unsubscribe_link_invalid');
  });

  it('an address that keeps presenting bad links is turned away for a while', async () => {
    const ip = '10.9.9.3';
    for (let i = 0; i < 60; i++) {
      expect(
        (await t.app.inject({ method: 'POST', url: '/u/bad', remoteAddress: ip })).statusCode,
      ).toBe(400);
    }
    const res = await t.app.inject({ method: 'POST', url: '/u/bad', remoteAddress: ip });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'rate_limited' });
    expect(res.headers['retry-after']).toBe('60');
  });
});
