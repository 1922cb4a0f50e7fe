import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import type { Template } from '../api/types';
import { TemplateEditor } from './template-editor';

const undeclared = {
  code: 'template_undeclared_variable',
  path: 'body',
  message: '“first_name” is used but not declared',
  line: 1,
  column: 4,
};

/** The validator flags an undeclared `first_name`, as the server's does. */
function mockServer(onCreate?: (body: unknown) => Response) {
  mockApi({
    'POST /api/v1/orgs/:orgId/templates/validate': ({ body }) => {
      const { body: text = '' } = body as { body?: string };
      const errors = text.includes('first_name') ? [undeclared] : [];
      return json({ valid: errors.length === 0, errors, warnings: [], variablesUsed: [] });
    },
    'POST /api/v1/orgs/:orgId/templates': ({ body }) =>
      onCreate?.(body) ??
      json({ id: 'tpl-1', name: 'Welcome', channel: 'email', latestVersion: 1 }, 201),
  });
}

function renderEditor() {
  const created: string[] = [];
  const view = renderWithApp(
    <TemplateEditor orgId="org-1" canEdit onCreated={(t: Template) => created.push(t.id)} />,
  );
  return { ...view, created };
}

describe('TemplateEditor', () => {
  it('shows the validator’s problems next to the body, and clears them once fixed', async () => {
    mockServer();
    const { user } = renderEditor();
    const body = screen.getByRole('textbox', { name: 'HTML body' });

    await user.type(body, 'Hi {{{{ first_name }}');
    expect(
      await screen.findByRole('list', { name: 'Problems in HTML body' }, { timeout: 3000 }),
    ).toHaveTextContent('“first_name” is used but not declared');
    expect(body).toHaveAttribute('aria-invalid', 'true');

    await user.clear(body);
    await user.type(body, 'Hi there');
    await waitFor(
      () =>
        expect(
          screen.queryByRole('list', { name: 'Problems in HTML body' }),
        ).not.toBeInTheDocument(),
      { timeout: 3000 },
    );
  });

  it('asks again when the server is busy rendering, then shows the answer', async () => {
    // The finished draft's first validation finds every template thread taken.
    let busy = true;
    mockApi({
      'POST /api/v1/orgs/:orgId/templates/validate': ({ body }) => {
        const finished = (body as { body?: string }).body === 'Hi {{ first_name }}';
        if (finished && busy) {
          busy = false;
          return problem(429, 'render_busy', 'Templates are busy. Try again in a second.');
        }
        return json({ valid: !finished, errors: finished ? [undeclared] : [], warnings: [] });
      },
    });
    const { user } = renderEditor();
    await user.type(screen.getByRole('textbox', { name: 'HTML body' }), 'Hi {{{{ first_name }}');
    expect(
      await screen.findByRole('list', { name: 'Problems in HTML body' }, { timeout: 4000 }),
    ).toHaveTextContent('“first_name” is used but not declared');
    expect(
      screen.queryByText('Templates are busy. Try again in a second.'),
    ).not.toBeInTheDocument();
  });

  it('cannot be created without a name, and creates an email template with its parts', async () => {
    mockServer();
    const { user, created } = renderEditor();
    const createButton = screen.getByRole('button', { name: 'Create template' });
    expect(createButton).toBeDisabled();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Welcome');
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Hello');
    await user.type(screen.getByRole('textbox', { name: 'HTML body' }), '<p>Hi</p>');
    expect(createButton).toBeEnabled();
    await user.click(createButton);

    await waitFor(() => expect(created).toEqual(['tpl-1']));
    expect(sentRequests('POST', /templates$/).map((r) => r.body)).toEqual([
      {
        name: 'Welcome',
        channel: 'email',
        subject: 'Hello',
        body: '<p>Hi</p>',
        text: null,
        variables: [],
      },
    ]);
  });

  it('shows a refused name next to the name field', async () => {
    mockServer(() =>
      problem(409, 'template_name_taken', 'A template with this name exists.', [
        { path: 'name', message: 'Another template has this name' },
      ]),
    );
    const { user, created } = renderEditor();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Welcome');
    await user.type(screen.getByRole('textbox', { name: 'HTML body' }), '<p>Hi</p>');
    await user.click(screen.getByRole('button', { name: 'Create template' }));

    expect(await screen.findByText('Another template has this name')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(created).toEqual([]);
  });
});

const saved: Template = {
  id: 'tpl-1',
  name: 'Welcome',
  channel: 'email',
  latestVersion: 3,
  createdAt: '2026-01-05T10:00:00.000Z',
  updatedAt: '2026-01-07T10:00:00.000Z',
  current: {
    id: 'ver-3',
    templateId: 'tpl-1',
    version: 3,
    subject: 'Hello',
    body: '<p>Hi</p>',
    text: null,
    variables: [{ name: 'offer', type: 'string', required: true }],
    restoredFrom: null,
    createdBy: 'Ada',
    createdAt: '2026-01-07T10:00:00.000Z',
  },
};

describe('TemplateEditor: untouched drafts, channels, versions and failures', () => {
  it('does not flag the empty parts of a new template until it is edited', async () => {
    mockApi({
      'POST /api/v1/orgs/:orgId/templates/validate': ({ body }) => {
        const { subject } = body as { subject?: string };
        const errors = subject
          ? []
          : [{ code: 'template_subject_required', path: 'subject', message: 'Write a subject' }];
        return json({ valid: errors.length === 0, errors, warnings: [], variablesUsed: [] });
      },
    });
    const { user } = renderEditor();

    // The validator answered for the empty draft, but an untouched form is not wrong yet.
    expect(
      await screen.findByText('1 problem to fix before saving', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Problems in Subject' })).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'HTML body' }), '<p>Hi</p>');
    expect(
      await screen.findByRole('list', { name: 'Problems in Subject' }, { timeout: 3000 }),
    ).toHaveTextContent('Write a subject');
    expect(screen.getByRole('textbox', { name: 'Subject' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('creates an SMS template without a subject or a plain-text part', async () => {
    mockServer();
    const { user, created } = renderEditor();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Reminder');
    await user.click(screen.getByRole('combobox', { name: 'Channel' }));
    await user.click(await screen.findByRole('option', { name: 'SMS' }));
    expect(screen.queryByRole('textbox', { name: 'Subject' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'See you at 10');
    await user.click(screen.getByRole('button', { name: 'Create template' }));

    await waitFor(() => expect(created).toEqual(['tpl-1']));
    expect(sentRequests('POST', /templates$/).map((r) => r.body)).toEqual([
      { name: 'Reminder', channel: 'sms', body: 'See you at 10', variables: [] },
    ]);
  });

  it('saves a changed template as a new version, without its channel', async () => {
    mockApi({
      'POST /api/v1/orgs/:orgId/templates/validate': () =>
        json({ valid: true, errors: [], warnings: [], variablesUsed: ['offer'] }),
      'PATCH /api/v1/orgs/:orgId/templates/:templateId': () => json({ ...saved, latestVersion: 4 }),
    });
    const { user } = renderWithApp(<TemplateEditor orgId="org-1" template={saved} canEdit />);
    const saveButton = screen.getByRole('button', { name: 'Save new version' });
    expect(saveButton).toBeDisabled();
    expect(screen.getByRole('combobox', { name: 'Channel' })).toBeDisabled();

    await user.type(screen.getByRole('textbox', { name: 'HTML body' }), ' again');
    // The first "Name" is the template's; the others are its variables'.
    const name = screen.getAllByRole('textbox', { name: 'Name' })[0]!;
    await user.clear(name);
    await user.type(name, 'Welcome back');
    await user.click(saveButton);

    expect(await screen.findByText('Version 4 is live.')).toBeInTheDocument();
    expect(sentRequests('PATCH').map((r) => [r.params.templateId, r.body])).toEqual([
      [
        'tpl-1',
        {
          name: 'Welcome back',
          body: '<p>Hi</p> again',
          subject: 'Hello',
          text: null,
          variables: [{ name: 'offer', type: 'string', required: true }],
        },
      ],
    ]);
  });

  it('shows a failure that no field explains above the form, and none for content problems', async () => {
    let answer = problem(503, 'maintenance', 'Templates are read-only during maintenance.');
    mockServer(() => answer);
    const { user, created } = renderEditor();

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Welcome');
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Hello');
    await user.type(screen.getByRole('textbox', { name: 'HTML body' }), '<p>Hi</p>');
    await user.click(screen.getByRole('button', { name: 'Create template' }));

    expect(await screen.findByText('Templates are read-only during maintenance.')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Name' })).not.toHaveAttribute('aria-invalid');

    // The content's own problems are the validator's to show, next to the parts.
    answer = problem(422, 'template_invalid', 'The template has problems.', [
      { path: 'body', message: 'Unknown filter' },
    ]);
    await user.click(screen.getByRole('button', { name: 'Create template' }));
    await waitFor(() => expect(sentRequests('POST', /templates$/)).toHaveLength(2));
    await waitFor(() =>
      expect(
        screen.queryByText('Templates are read-only during maintenance.'),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByText('The template has problems.')).not.toBeInTheDocument();
    expect(created).toEqual([]);
  });
});
