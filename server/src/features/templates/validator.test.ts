import { describe, expect, it } from 'vitest';
import { MAX_LOOP_DEPTH, MAX_LOOP_ITERATIONS } from './limits.js';
import { validateTemplate, type TemplateDraft } from './validator.js';
import type { DeclaredVariable } from './variables.js';

const v = (name: string, type: DeclaredVariable['type'] = 'string', required = true, extra = {}) =>
  ({ name, type, required, ...extra }) as DeclaredVariable;

const sms = (body: string, variables: DeclaredVariable[] = []): TemplateDraft => ({
  channel: 'sms',
  body,
  variables,
});
const email = (subject: string, body: string, variables: DeclaredVariable[] = []) =>
  ({ channel: 'email', subject, body, variables }) as TemplateDraft;

const codes = (draft: TemplateDraft) => validateTemplate(draft).errors.map((e) => e.code);

describe('validateTemplate: a valid template', () => {
  it('is valid, lists the variables it uses and renders a preview', () => {
    const result = validateTemplate(
      email('Hello {{ first_name }}', '<p>Hi {{ first_name }} from {{ org.name }}</p>', [
        v('first_name'),
      ]),
    );
    expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(result.variablesUsed).toEqual(['first_name', 'org']);
    expect(result.preview?.subject).toMatch(/^Hello Sample first name/);
  });

  it('escapes HTML in email bodies by default, not in subjects or SMS', () => {
    const vars = [v('name', 'string', true, { default: '<b>Tom & Jerry</b>' })];
    const mail = validateTemplate(email('{{ name }}', '{{ name }} {{ name | raw }}', vars));
    expect(mail.preview?.body).toBe('&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; <b>Tom & Jerry</b>');
    expect(mail.preview?.subject).toBe('<b>Tom & Jerry</b>');
    expect(validateTemplate(sms('{{ name }}', vars)).preview?.body).toBe('<b>Tom & Jerry</b>');
  });
});

describe('validateTemplate: Liquid errors with line and column', () => {
  it('reports syntax errors (template_syntax)', () => {
    const result = validateTemplate(sms('Hello\n{% if x %}open', [v('x', 'boolean')]));
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'template_syntax', path: 'body', line: 2, column: 1 }),
    ]);
    expect(codes(sms('a {{ b '))).toEqual(['template_syntax']);
  });

  it('reports unknown filters at the filter name (template_unknown_filter)', () => {
    const result = validateTemplate(sms('Hi\n  {{ name | upcase | shout }}', [v('name')]));
    expect(result.errors).toEqual([
      {
        code: 'template_unknown_filter',
        path: 'body',
        message: 'Unknown filter "shout".',
        line: 2,
        column: 22,
      },
    ]);
  });

  it('refuses file-system tags and unknown tags (template_forbidden_tag)', () => {
    for (const tag of ['{% include "x" %}', '{% render "x" %}', '{% layout "x" %}']) {
      const result = validateTemplate(sms(`ok ${tag}`));
      expect(result.errors).toEqual([
        expect.objectContaining({ code: 'template_forbidden_tag', line: 1, column: 4 }),
      ]);
      expect(result.errors[0]!.message).toMatch(/not allowed/);
    }
    expect(codes(sms('{% shell "rm" %}'))).toEqual(['template_forbidden_tag']);
  });

  it('reports the part at fault for the subject and the text part', () => {
    const draft = { ...email('Hi {{ x | nope }}', 'body'), text: '{% if %}' } as TemplateDraft;
    expect(validateTemplate(draft).errors.map((e) => [e.code, e.path])).toEqual([
      ['template_unknown_filter', 'subject'],
      ['template_syntax', 'text'],
    ]);
  });
});

describe('validateTemplate: every placeholder is declared', () => {
  it('finds undeclared variables in outputs, conditions, loops and filter arguments', () => {
    const body = [
      '{{ a }}',
      '{% if b > 1 %}x{% elsif c %}y{% endif %}',
      '{% unless d %}z{% endunless %}',
      '{% for i in e %}{{ i }}{% endfor %}',
      '{{ "x" | append: f | replace: "x", g }}',
      '{% case h %}{% when 1 %}one{% endcase %}',
    ].join('\n');
    const result = validateTemplate(sms(body));
    expect(result.errors.map((e) => [e.code, e.message.match(/"(\w+)"/)?.[1], e.line])).toEqual([
      ['template_undeclared_variable', 'a', 1],
      ['template_undeclared_variable', 'b', 2],
      ['template_undeclared_variable', 'c', 2],
      ['template_undeclared_variable', 'd', 3],
      ['template_undeclared_variable', 'e', 4],
      ['template_undeclared_variable', 'f', 5],
      ['template_undeclared_variable', 'g', 5],
      ['template_undeclared_variable', 'h', 6],
    ]);
    expect(result.errors[0]).toMatchObject({ path: 'body', line: 1, column: 4 });
  });

  it('scopes loop variables to their loop; nested loops over item fields are fine', () => {
    const ok = sms(
      '{% for item in items %}{{ item.title }} {{ forloop.index }}' +
        '{% for tag in item.tags %}{{ tag }}{% endfor %}{% endfor %}',
      [v('items', 'list')],
    );
    expect(validateTemplate(ok)).toMatchObject({ valid: true, variablesUsed: ['items'] });
    expect(validateTemplate(ok).preview?.body).toContain('items 1 title');

    const outside = validateTemplate(
      sms('{% for item in items %}{{ item.title }}{% endfor %}\n{{ item.title }}', [
        v('items', 'list'),
      ]),
    );
    expect(outside.errors).toEqual([
      expect.objectContaining({
        code: 'template_undeclared_variable',
        line: 2,
        column: 4,
        message: expect.stringContaining('"item.title"'),
      }),
    ]);
  });

  it('requires a declared list to loop over (template_not_a_list)', () => {
    const result = validateTemplate(
      sms('{% for x in name %}{{ x }}{% endfor %}{% for y in contact.name %}{% endfor %}', [
        v('name'),
      ]),
    );
    expect(result.errors.map((e) => [e.code, e.column])).toEqual([
      ['template_not_a_list', 13],
      ['template_not_a_list', 51],
    ]);
    expect(
      validateTemplate(sms('{% for i in contact.identities %}{{ i.value }}{% endfor %}')).valid,
    ).toBe(true);
  });

  it('treats assign and capture as template locals, checking what they read', () => {
    const result = validateTemplate(
      sms(
        '{% assign greeting = "Hi " | append: name %}{% capture line %}{{ greeting }}!{% endcapture %}{{ line }}{{ later }}{% assign later = missing %}',
        [v('name')],
      ),
    );
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('"later"'),
      expect.stringContaining('"missing"'),
    ]);
  });

  it('provides contact.*, org.* and, for email only, unsubscribe_url', () => {
    const body = '{{ contact.name }} {{ contact.attributes.company }} {{ org.name }}';
    expect(validateTemplate(sms(body)).valid).toBe(true);
    expect(validateTemplate(email('s', `${body} {{ unsubscribe_url }}`)).valid).toBe(true);
    const result = validateTemplate(
      sms('{{ unsubscribe_url }} {{ contact.phone }} {{ org.secret }}'),
    );
    expect(result.errors.map((e) => [e.code, e.column])).toEqual([
      ['template_undeclared_variable', 4],
      ['template_undeclared_variable', 26],
      ['template_undeclared_variable', 46],
    ]);
    expect(result.errors[0]!.message).toMatch(/only in email/);
  });

  it('does not let built-ins be shadowed by a declaration or an assign', () => {
    expect(
      validateTemplate(sms('{{ contact.name }}', [v('contact'), v('org', 'object', false)])).errors,
    ).toEqual([
      expect.objectContaining({ code: 'template_builtin_shadowed', path: 'variables[0].name' }),
      expect.objectContaining({ code: 'template_builtin_shadowed', path: 'variables[1].name' }),
    ]);
    expect(validateTemplate(sms('{% assign org = "x" %}{{ org }}')).errors).toEqual([
      expect.objectContaining({ code: 'template_builtin_shadowed', path: 'body', line: 1 }),
    ]);
  });
});

describe('validateTemplate: declared variables', () => {
  it('an unused required variable is an error, an unused optional one a warning', () => {
    const result = validateTemplate(
      sms('{{ used }}', [v('used'), v('needed'), v('maybe', 'string', false)]),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: 'template_unused_required_variable',
        path: 'variables[1].name',
      }),
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'template_unused_optional_variable',
        path: 'variables[2].name',
      }),
    ]);
  });

  it('counts a variable used in any part (subject, body or text)', () => {
    const draft = { ...email('{{ a }}', '{{ b }}', [v('a'), v('b'), v('c')]), text: '{{ c }}' };
    expect(validateTemplate(draft as TemplateDraft).valid).toBe(true);
  });

  it('reports malformed and duplicate names', () => {
    const result = validateTemplate(
      sms('{{ ok }}', [v('ok'), v('2fast'), v('has-dash'), v(''), v('ok', 'number', false)]),
    );
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['template_invalid_variable_name', 'variables[1].name'],
      ['template_invalid_variable_name', 'variables[2].name'],
      ['template_invalid_variable_name', 'variables[3].name'],
      ['template_duplicate_variable', 'variables[4].name'],
    ]);
  });

  it('checks defaults against their type', () => {
    const cases: [DeclaredVariable['type'], unknown, boolean][] = [
      ['string', 'x', true],
      ['string', 1, false],
      ['number', 2.5, true],
      ['number', '2', false],
      ['boolean', false, true],
      ['boolean', 'yes', false],
      ['date', '2026-03-01', true],
      ['date', '2026-03-01T09:30:00Z', true],
      ['date', 'next tuesday', false],
      ['url', 'https://example.com/a?b=c', true],
      ['url', 'javascript:alert(1)', false],
      ['list', [{ a: 1 }], true],
      ['list', 'a,b', false],
      ['object', { a: 1 }, true],
      ['object', [1], false],
    ];
    for (const [type, value, ok] of cases) {
      const result = validateTemplate(sms('{{ x }}', [v('x', type, false, { default: value })]));
      expect(result.valid, `${type} ${JSON.stringify(value)}`).toBe(ok);
      if (!ok)
        expect(result.errors[0]).toMatchObject({
          code: 'template_invalid_default',
          path: 'variables[0].default',
        });
    }
  });
});

describe('validateTemplate: channel limits', () => {
  it('email needs a subject of at most 998 rendered characters', () => {
    expect(codes(email('  ', 'body'))).toEqual(['template_subject_required']);
    expect(codes(email('x'.repeat(998), 'body'))).toEqual([]);
    // 990 literal characters plus a variable whose sample pushes it over.
    expect(codes(email(`${'x'.repeat(990)}{{ name }}`, 'body', [v('name')]))).toEqual([
      'template_subject_too_long',
    ]);
  });

  it('only email has a subject or a text part', () => {
    const draft = { channel: 'telegram', subject: 'hi', text: 'x', body: 'b', variables: [] };
    expect(codes(draft as TemplateDraft)).toEqual([
      'template_field_not_allowed',
      'template_field_not_allowed',
    ]);
    expect(codes(sms('   '))).toEqual(['template_body_required']);
  });

  it('reports SMS encoding and segments, refusing more than the maximum', () => {
    const gsm = validateTemplate(
      sms('Price: 5€ {{ code }}', [v('code', 'string', true, { default: 'ABC' })]),
    );
    expect(gsm.preview?.sms).toEqual({ encoding: 'GSM-7', segments: 1, characters: 14 });
    const ucs = validateTemplate(sms('Ça va? 😜'));
    expect(ucs.preview?.sms).toMatchObject({ encoding: 'UCS-2', segments: 1 });

    const long = 'a'.repeat(1531); // 10 × 153 + 1
    expect(codes(sms(long))).toEqual(['template_sms_too_many_segments']);
    expect(codes(sms('a'.repeat(1530)))).toEqual([]);
    expect(validateTemplate(sms(long), { maxSmsSegments: 11 }).valid).toBe(true);
    expect(
      validateTemplate(sms('a'.repeat(400)), { maxSmsSegments: 2 }).errors[0]!.message,
    ).toMatch(/3 GSM-7 segments.*limit is 2/);
  });

  it('measures chat channels on the rendered sample: Telegram/WhatsApp 4096, Instagram 1000', () => {
    const body = (n: number) => `${'a'.repeat(n)}{{ name }}`;
    const vars = [v('name', 'string', true, { default: 'xyz' })];
    for (const [channel, max] of [
      ['telegram', 4096],
      ['whatsapp', 4096],
      ['instagram', 1000],
    ] as const) {
      expect(validateTemplate({ channel, body: body(max - 3), variables: vars }).valid).toBe(true);
      expect(codes({ channel, body: body(max - 2), variables: vars })).toEqual([
        'template_too_long',
      ]);
    }
  });

  it('refuses loops over literal ranges that add up to too many iterations, before rendering', () => {
    const result = validateTemplate(
      sms('{% for i in (1..10000) %}{% for j in (1..10000) %}x{% endfor %}{% endfor %}'),
    );
    expect(result.valid).toBe(false);
    expect(result.preview).toBeUndefined();
    expect(result.errors).toEqual([
      {
        code: 'template_loop_limit',
        path: 'body',
        message: `This loop runs 10000 times inside loops that run 10000 times: more than the ${MAX_LOOP_ITERATIONS} loop iterations a template may make.`,
        line: 1,
        column: 38,
      },
    ]);
    // Sibling loops add up; `limit:` counts; small nested ranges are fine.
    expect(
      codes(sms('{% for i in (1..6000) %}{% endfor %}{% for i in (1..6000) %}{% endfor %}')),
    ).toEqual(['template_loop_limit']);
    expect(codes(sms('{% for i in (1..100000) limit: 5 %}{{ i }}{% endfor %}'))).toEqual([]);
    expect(
      codes(sms('{% for i in (1..50) %}{% for j in (1..100) %}{% endfor %}{% endfor %}x')),
    ).toEqual([]);
  });

  it('refuses loops nested deeper than the limit', () => {
    const loops = (n: number) =>
      '{% for a in items %}'.repeat(n) + '{{ a }}' + '{% endfor %}'.repeat(n);
    expect(codes(sms(loops(MAX_LOOP_DEPTH), [v('items', 'list')]))).toEqual([]);
    const deep = validateTemplate(sms(loops(MAX_LOOP_DEPTH + 1), [v('items', 'list')]));
    expect(deep.errors.map((e) => [e.code, e.message])).toEqual([
      [
        'template_loop_limit',
        `Loops are nested ${MAX_LOOP_DEPTH + 1} deep here; at most ${MAX_LOOP_DEPTH} levels are allowed.`,
      ],
    ]);
  });

  it('bounds loops over variables at render time (template_render_error)', () => {
    const items = Array.from({ length: 5000 }, (_, i) => i);
    const result = validateTemplate(
      sms('{% for a in items %}{% for b in items %}x{% endfor %}{% endfor %}', [
        v('items', 'list'),
      ]),
      { sampleValues: { items }, renderBudgetMs: 20 },
    );
    expect(result.errors.map((e) => e.code)).toEqual(['template_render_error']);
    expect(result.errors[0]!.message).toMatch(/template render limit exceeded/);
  });

  it('previews with given sample values when they fit the type', () => {
    const draft = sms('Hi {{ name }} {{ n }}', [v('name'), v('n', 'number')]);
    const result = validateTemplate(draft, { sampleValues: { name: 'Ana', n: 'not a number' } });
    expect(result.preview?.body).toBe('Hi Ana 1234567.89');
  });
});
