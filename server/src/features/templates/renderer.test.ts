import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import type { TemplateVersionContent } from './render.js';
import { createTemplateRenderer } from './renderer.js';
import { validateTemplate, type TemplateDraft } from './validator.js';

const org = { name: 'Acme' };
const contact = { name: 'Ana', attributes: {}, identities: [] };
const items = Array.from({ length: 5000 }, (_, i) => i);
/** Passes every static check; with 5,000 items it runs until its time budget stops it. */
const slowBody = '{% for a in items %}{% for b in items %}x{% endfor %}{% endfor %}';
const slowDraft: TemplateDraft = {
  channel: 'sms',
  body: slowBody,
  variables: [{ name: 'items', type: 'list', required: true }],
};
const slowVersion: TemplateVersionContent = { ...slowDraft, subject: null, text: null };
const quickDraft: TemplateDraft = {
  channel: 'sms',
  body: 'Hi {{ name }}',
  variables: [{ name: 'name', type: 'string', required: true }],
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not reject');
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the template renderer (worker threads)', () => {
  const renderer = createTemplateRenderer({
    threads: 1,
    queue: 1,
    perOrg: 1,
    budgetMs: 300,
    sendBudgetMs: 300,
  });
  afterAll(() => renderer.close());

  it('validates off the main thread with the same result as validateTemplate', async () => {
    const options = { sampleValues: { name: 'Ana' }, org };
    expect(await renderer.validate('org-a', quickDraft, options)).toEqual(
      validateTemplate(quickDraft, options),
    );
  });

  it('keeps the event loop free while a render spends its budget', async () => {
    const order: string[] = [];
    const slow = renderer
      .validate('org-a', slowDraft, { sampleValues: { items } })
      .then((result) => {
        order.push('render done');
        return result;
      });
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push('timer fired');
    const result = await slow;
    expect(order).toEqual(['timer fired', 'render done']);
    expect(result.errors.map((e) => e.code)).toEqual(['template_render_error']);
    expect(result.errors[0]!.message).toMatch(/template render limit exceeded/);
  });

  it('refuses an org over its cap, and anyone once the queue is full, with render_busy', async () => {
    const first = renderer.validate('org-a', slowDraft, { sampleValues: { items } });
    // Same org: over its cap of one.
    const capped = await rejection(renderer.validate('org-a', quickDraft));
    expect(capped.code).toBe('render_busy');
    expect(capped.status).toBe(429);
    expect(capped.headers).toEqual({ 'Retry-After': '1' });
    // Another org waits in the queue (one place), a third finds it full.
    const second = renderer.validate('org-b', quickDraft);
    expect((await rejection(renderer.validate('org-c', quickDraft))).code).toBe('render_busy');
    // The send pipeline is never refused, and goes before waiting interactive work.
    const order: string[] = [];
    const sends = renderer.renderMany([
      {
        version: { ...quickDraft, subject: null, text: null },
        variables: { name: 'Bo' },
        context: { org, contact },
      },
    ]);
    void sends.then(() => order.push('send'));
    void second.then(() => order.push('interactive'));
    expect((await first).valid).toBe(false);
    expect((await second).valid).toBe(true);
    expect(await sends).toEqual([
      { body: 'Hi Bo', sms: { encoding: 'GSM-7', segments: 1, characters: 5 } },
    ]);
    expect(order).toEqual(['send', 'interactive']);
    // Nothing is held once the work is done.
    await tick();
    expect(renderer.stats()).toMatchObject({ running: 0, waiting: 0 });
    expect((await renderer.validate('org-a', quickDraft)).valid).toBe(true);
  });

  it('answers a render that exceeds its budget with template_render_failed', async () => {
    const error = await rejection(
      renderer.render('org-a', slowVersion, { items }, { org, contact }),
    );
    expect(error.code).toBe('template_render_failed');
    expect(error.errors?.[0]?.message).toMatch(/template render limit exceeded/);
  });

  it('gives each message of a send batch its own outcome', async () => {
    const quick = { ...quickDraft, subject: null, text: null };
    const out = await renderer.renderMany([
      { version: quick, variables: { name: 'Al' }, context: { org, contact } },
      { version: slowVersion, variables: { items }, context: { org, contact } },
      { version: quick, variables: {}, context: { org, contact } },
    ]);
    expect(out[0]).toMatchObject({ body: 'Hi Al' });
    expect(out[1]).toBeInstanceOf(AppError);
    expect((out[1] as AppError).code).toBe('template_render_failed');
    expect((out[2] as AppError).code).toBe('template_missing_variable');
  });
});

describe('the hard time limit', () => {
  const renderer = createTemplateRenderer({
    threads: 1,
    budgetMs: 100,
    sendBudgetMs: 10,
    hardLimitMs: 50,
  });
  afterAll(() => renderer.close());

  it('stops work the budget cannot interrupt (one long filter call) and replaces the thread', async () => {
    // A single filter call: LiquidJS checks its time budget between nodes, not inside a filter.
    const huge = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    const version: TemplateVersionContent = {
      channel: 'sms',
      subject: null,
      text: null,
      body: '{{ items | sort | first }}',
      variables: [{ name: 'items', type: 'list', required: true }],
    };
    const error = await rejection(
      renderer.render('org-a', version, { items: huge }, { org, contact }),
    );
    expect(error.code).toBe('template_render_failed');
    expect(error.message).toBe('Rendering the template took longer than its time limit.');
    const batch = await renderer.renderMany([
      { version, variables: { items: huge }, context: { org, contact } },
      { version, variables: { items: [3, 1, 2] }, context: { org, contact } },
    ]);
    expect((batch[0] as AppError).code).toBe('template_render_failed');
    expect(batch[1]).toMatchObject({ body: '1' });
  });
});
