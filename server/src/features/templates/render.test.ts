import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { renderForSend, type TemplateVersionContent } from './render.js';

const contact = {
  name: 'Ana Lima',
  attributes: { plan: 'Pro' },
  identities: [{ channel: 'sms', value: '+351 912 345 678', normalized: '+351912345678' }],
};
const org = { name: 'Acme' };

const welcome: TemplateVersionContent = {
  channel: 'email',
  subject: 'Welcome {{ first_name }}',
  body: '<p>Hi {{ first_name }} ({{ contact.attributes.plan }}), code {{ code }}.</p>{% for i in items %}<li>{{ i.title }}</li>{% endfor %}<a href="{{ unsubscribe_url }}">x</a>',
  text: 'Hi {{ first_name }}',
  variables: [
    { name: 'first_name', type: 'string', required: true },
    { name: 'code', type: 'string', required: false, default: 'WELCOME' },
    { name: 'items', type: 'list', required: false, default: [] },
    { name: 'due', type: 'date', required: true },
  ],
};

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('renderForSend', () => {
  it('renders every part with the contact, org and defaults; escapes HTML in the body', () => {
    const out = renderForSend(
      welcome,
      { first_name: 'Ana <3', due: '2026-03-01', items: [{ title: 'A&B' }] },
      { org, contact, unsubscribeUrl: 'https://x.test/u/1' },
    );
    expect(out).toEqual({
      subject: 'Welcome Ana <3',
      body: '<p>Hi Ana &lt;3 (Pro), code WELCOME.</p><li>A&amp;B</li><a href="https://x.test/u/1">x</a>',
      text: 'Hi Ana <3',
    });
  });

  it('names every missing required variable (template_missing_variable)', () => {
    const error = thrown(() => renderForSend(welcome, { first_name: null }, { org, contact }));
    expect(error.code).toBe('template_missing_variable');
    expect(error.status).toBe(422);
    expect(error.message).toBe('Missing required variables: first_name, due.');
    expect(error.extra).toEqual({ missing: ['first_name', 'due'] });
    expect(error.errors).toEqual([
      { path: 'variables.first_name', message: 'is required' },
      { path: 'variables.due', message: 'is required' },
    ]);
  });

  it('refuses values of the wrong type (template_variable_invalid)', () => {
    const error = thrown(() =>
      renderForSend(welcome, { first_name: 'A', due: 'soon' }, { org, contact }),
    );
    expect(error.code).toBe('template_variable_invalid');
    expect(error.errors).toEqual([
      { path: 'variables.due', message: expect.stringMatching(/ISO 8601/) },
    ]);
  });

  it('keeps subjects on one line (no header injection through a variable)', () => {
    const out = renderForSend(
      welcome,
      { first_name: 'A\r\nBcc: evil@example.com', due: '2026-03-01' },
      { org, contact },
    );
    expect(out.subject).toBe('Welcome A Bcc: evil@example.com');
  });

  it('reports SMS encoding and segments and reuses the parsed version', () => {
    const version: TemplateVersionContent = {
      id: '0190a000-0000-7000-8000-000000000001',
      channel: 'sms',
      subject: null,
      text: null,
      body: 'Hi {{ contact.name }}, {{ msg }}',
      variables: [{ name: 'msg', type: 'string', required: true }],
    };
    expect(renderForSend(version, { msg: 'ok' }, { org, contact })).toEqual({
      body: 'Hi Ana Lima, ok',
      sms: { encoding: 'GSM-7', segments: 1, characters: 15 },
    });
    // Immutable versions are cached by id: the same id renders the parsed body it was given first.
    const again = renderForSend({ ...version, body: 'changed' }, { msg: 'ç' }, { org, contact });
    expect(again).toEqual({
      body: 'Hi Ana Lima, ç',
      sms: { encoding: 'UCS-2', segments: 1, characters: 14 },
    });
  });

  it('fails a render that runs away (template_render_failed)', () => {
    const version: TemplateVersionContent = {
      channel: 'telegram',
      subject: null,
      text: null,
      body: '{% for a in items %}{% for b in items %}xxxxxxxxxx{% endfor %}{% endfor %}',
      variables: [{ name: 'items', type: 'list', required: true }],
    };
    const items = Array.from({ length: 5000 }, (_, i) => i);
    const error = thrown(() =>
      renderForSend(version, { items }, { org, contact }, { renderBudgetMs: 20 }),
    );
    expect(error.code).toBe('template_render_failed');
    expect(error.errors?.[0]?.message).toMatch(/template render limit exceeded/);
  });

  it('refuses a version whose literal loops exceed the limits, without rendering it', () => {
    const version: TemplateVersionContent = {
      channel: 'sms',
      subject: null,
      text: null,
      body: '{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}',
      variables: [],
    };
    const error = thrown(() => renderForSend(version, {}, { org, contact }));
    expect(error.code).toBe('template_invalid');
    expect(error.message).toBe("The template's body exceeds the loop limits.");
  });
});
