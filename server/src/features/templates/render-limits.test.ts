/**
 * Issue 14, finding 1: one member must not be able to freeze the server with template work. The
 * app runs one template thread, an org may have one template request in flight, one more may
 * wait, and a render's budget is 500 ms.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.js';
import { request, signUp, type SignedUp } from '../../test/factories.js';
import { MAX_LOOP_ITERATIONS } from './limits.js';

const { app, services } = await createTestApp({
  env: {
    TEMPLATE_RENDER_THREADS: '1',
    TEMPLATE_RENDER_PER_ORG: '1',
    TEMPLATE_RENDER_QUEUE: '1',
    TEMPLATE_RENDER_BUDGET_MS: '500',
  },
});

const ATTACK = '{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}';
const items = Array.from({ length: 5000 }, (_, i) => i);
/** Passes the static checks; with 5,000 items it runs until its time budget stops it. */
const slow = {
  channel: 'sms',
  body: '{% for a in items %}{% for b in items %}x{% endfor %}{% endfor %}',
  variables: [{ name: 'items', type: 'list', required: true }],
};

const validate = (caller: SignedUp, body: unknown) =>
  request(app, caller, 'POST', `/api/v1/orgs/${caller.org.id}/templates/validate`, body);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('template work cannot freeze the server', () => {
  it('refuses the nested-range attack before rendering it, naming the limit', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const res = await validate(owner, { channel: 'sms', body: ATTACK });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ valid: false });
    expect(result.preview).toBeUndefined();
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'template_loop_limit', path: 'body', line: 1 }),
    ]);
    expect(result.errors[0].message).toContain(`${MAX_LOOP_ITERATIONS} loop iterations`);

    const created = await request(app, owner, 'POST', `/api/v1/orgs/${owner.org.id}/templates`, {
      name: 'Attack',
      channel: 'sms',
      body: ATTACK,
    });
    expect(created.statusCode).toBe(422);
    expect(created.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(created.json()).toMatchObject({
      code: 'template_invalid',
      errors: [expect.objectContaining({ code: 'template_loop_limit' })],
    });
  });

  it('answers /healthz while a render spends its whole budget', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    expect((await validate(owner, { channel: 'sms', body: 'warm-up' })).statusCode).toBe(200);
    const order: string[] = [];
    const rendering = validate(owner, { ...slow, sampleValues: { items } }).then((res) => {
      order.push('render');
      return res;
    });
    // A timer set while the render runs fires while it runs: the event loop is free.
    await sleep(100);
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    order.push('healthz');
    expect(health.statusCode).toBe(200);
    const res = await rendering;
    expect(order).toEqual(['healthz', 'render']);
    expect(res.json().errors.map((e: { code: string }) => e.code)).toEqual([
      'template_render_error',
    ]);
  });

  it('gives 429 render_busy with Retry-After to an org over its cap, and to all when the queue is full', async () => {
    const [a, b, c] = [
      await signUp(app, { orgName: 'A' }),
      await signUp(app, { orgName: 'B' }),
      await signUp(app, { orgName: 'C' }),
    ];
    const first = validate(a, { ...slow, sampleValues: { items } });
    await expect.poll(() => services.renderer.stats().running).toBe(1);

    const capped = await validate(a, { channel: 'sms', body: 'Hi' });
    expect(capped.statusCode).toBe(429);
    expect(capped.headers['retry-after']).toBe('1');
    expect(capped.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(capped.json()).toMatchObject({ code: 'render_busy', status: 429 });

    const waiting = validate(b, { channel: 'sms', body: 'Hi' });
    await expect.poll(() => services.renderer.stats().waiting).toBe(1);
    const full = await validate(c, { channel: 'sms', body: 'Hi' });
    expect(full.statusCode).toBe(429);
    expect(full.json().code).toBe('render_busy');

    // The preview frame says so in the frame instead of showing a JSON problem.
    const frame = await request(
      app,
      a,
      'POST',
      `/api/v1/orgs/${a.org.id}/templates/preview-frame`,
      new URLSearchParams({ draft: JSON.stringify({ channel: 'sms', body: 'Hi' }) }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(frame.statusCode).toBe(200);
    expect(frame.body).toContain('Previews are busy right now.');

    expect((await first).statusCode).toBe(200);
    expect((await waiting).json()).toMatchObject({ valid: true });
    expect((await validate(c, { channel: 'sms', body: 'Hi' })).statusCode).toBe(200);
  });

  it('fails a preview whose render exceeds its budget with template_render_failed', async () => {
    const owner = await signUp(app, { orgName: 'Acme' });
    const orgs = `/api/v1/orgs/${owner.org.id}`;
    const template = await request(app, owner, 'POST', `${orgs}/templates`, {
      name: 'Slow',
      ...slow,
    });
    expect(template.statusCode, template.body).toBe(201);
    const preview = await request(
      app,
      owner,
      'POST',
      `${orgs}/templates/${template.json().id}/preview`,
      { variables: { items } },
    );
    expect(preview.statusCode).toBe(422);
    expect(preview.json()).toMatchObject({
      code: 'template_render_failed',
      errors: [{ path: 'body', message: expect.stringMatching(/template render limit exceeded/) }],
    });
  });
});
