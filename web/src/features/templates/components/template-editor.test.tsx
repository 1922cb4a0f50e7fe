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
