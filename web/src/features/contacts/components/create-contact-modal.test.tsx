import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import { CreateContactModal } from './create-contact-modal';

/**
 * A server that stores what it is given: identities come back trimmed and lower-cased, nobody
 * holds them yet, and creating answers what `onCreate` says.
 */
function mockServer(onCreate?: (body: unknown) => Response) {
  mockApi({
    'POST /api/v1/orgs/:orgId/identities/normalize': ({ body }) => {
      const { channel, value } = body as { channel: string; value: string };
      return json({ channel, value, normalized: value.trim().toLowerCase() });
    },
    'GET /api/v1/orgs/:orgId/contacts': () => json({ items: [], nextCursor: null }),
    'POST /api/v1/orgs/:orgId/contacts': ({ body }) =>
      onCreate?.(body) ?? json({ id: 'ct-1', name: 'Ada Lovelace', identities: [] }, 201),
  });
}

function renderModal() {
  const closed: boolean[] = [];
  const view = renderWithApp(
    <CreateContactModal orgId="org-1" opened onClose={() => closed.push(true)} />,
  );
  const dialog = screen.getByRole('dialog', { name: 'New contact' });
  return { ...view, closed, dialog: within(dialog) };
}

describe('CreateContactModal', () => {
  it('says the name is required and sends nothing', async () => {
    mockServer();
    const { user, dialog, closed } = renderModal();

    await user.click(dialog.getByRole('button', { name: 'Create contact' }));

    expect(await dialog.findByText('Name is required')).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(sentRequests('POST', /contacts$/)).toHaveLength(0);
    expect(closed).toEqual([]);

    await user.type(dialog.getByRole('textbox', { name: 'Name' }), 'A');
    expect(dialog.queryByText('Name is required')).not.toBeInTheDocument();
  });

  it('creates the contact with the identities that were filled in, and closes', async () => {
    mockServer();
    const { user, dialog, closed } = renderModal();

    await user.type(dialog.getByRole('textbox', { name: 'Name' }), '  Ada Lovelace ');
    await user.type(
      dialog.getByRole('textbox', { name: 'Value of identity 1' }),
      'Ada@Example.com',
    );
    expect(await dialog.findByText('Saved as ada@example.com')).toBeInTheDocument();
    // A second row left empty is not sent.
    await user.click(dialog.getByRole('button', { name: 'Add identity' }));
    expect(dialog.getByRole('textbox', { name: 'Value of identity 2' })).toHaveValue('');
    await user.click(dialog.getByRole('button', { name: 'Create contact' }));

    await waitFor(() => expect(closed).toEqual([true]));
    expect(sentRequests('POST', /contacts$/).map((r) => r.body)).toEqual([
      { name: 'Ada Lovelace', identities: [{ channel: 'email', value: 'Ada@Example.com' }] },
    ]);
  });

  it('takes a typed phone number as a phone identity (not an invalid email)', async () => {
    mockServer();
    const { user, dialog } = renderModal();
    await user.type(dialog.getByRole('textbox', { name: 'Name' }), 'Grace Hopper');
    await user.type(dialog.getByRole('textbox', { name: 'Value of identity 1' }), '(415) 555-0199');
    expect(dialog.getAllByLabelText('Channel of identity 1')[0]).toHaveValue('Phone (SMS)');
    expect(dialog.getByRole('textbox', { name: 'Region of identity 1' })).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Create contact' }));
    await waitFor(() =>
      expect(sentRequests('POST', /\/contacts$/)[0]?.body).toMatchObject({
        identities: [{ channel: 'phone', value: '(415) 555-0199' }],
      }),
    );
  });

  it('puts an identity’s server error at its row, and the detail above the form', async () => {
    mockServer(() =>
      problem(422, 'validation_failed', 'Some identities are not valid.', [
        { path: 'identities.0.value', message: 'Not a phone number' },
      ]),
    );
    const { user, dialog, closed } = renderModal();

    await user.type(dialog.getByRole('textbox', { name: 'Name' }), 'Ada Lovelace');
    // The first row stays empty, so the server's identity 0 is the second row.
    await user.click(dialog.getByRole('button', { name: 'Add identity' }));
    await user.type(dialog.getByRole('textbox', { name: 'Value of identity 2' }), '12');
    await user.type(dialog.getByRole('textbox', { name: 'Region of identity 2' }), 'us');
    await user.click(dialog.getByRole('button', { name: 'Create contact' }));

    expect(await dialog.findByText('Not a phone number')).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: 'Value of identity 2' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(dialog.getByRole('textbox', { name: 'Value of identity 1' })).not.toHaveAttribute(
      'aria-invalid',
    );
    expect(dialog.getByRole('alert')).toHaveTextContent('Some identities are not valid.');
    expect(sentRequests('POST', /contacts$/).map((r) => r.body)).toEqual([
      {
        name: 'Ada Lovelace',
        identities: [{ channel: 'phone', value: '12', region: 'US' }],
      },
    ]);
    expect(closed).toEqual([]);

    // Removing a row renumbers the others: their server errors no longer apply.
    await user.click(dialog.getByRole('button', { name: 'Remove identity 1' }));
    expect(dialog.queryByText('Not a phone number')).not.toBeInTheDocument();
  });

  it('names who holds a refused identity and the ways forward', async () => {
    mockServer(
      () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'identity_conflict',
            status: 409,
            code: 'identity_conflict',
            detail: 'Another contact already has this email address.',
            existingContactId: 'ct-ada',
            existingContactName: 'Ada Lovelace',
            conflictId: 'cf-1',
            identity: { channel: 'email', normalized: 'ada@example.com' },
            remedies: ['open_existing', 'merge'],
          }),
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
    );
    const { user, dialog } = renderModal();

    await user.type(dialog.getByRole('textbox', { name: 'Name' }), 'Ada Again');
    await user.type(
      dialog.getByRole('textbox', { name: 'Value of identity 1' }),
      'ada@example.com',
    );
    await user.click(dialog.getByRole('button', { name: 'Create contact' }));

    const alert = await dialog.findByRole('alert', { name: 'Someone already has this identity' });
    expect(alert).toHaveTextContent('Another contact already has this email address.');
    expect(within(alert).getByRole('link', { name: 'Open Ada Lovelace' })).toHaveAttribute(
      'href',
      '/orgs/org-1/contacts/ct-ada',
    );
    expect(within(alert).getByRole('link', { name: 'conflicts inbox' })).toBeInTheDocument();
    expect(alert).not.toHaveTextContent('add the other details');
  });
});
