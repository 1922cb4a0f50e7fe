import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { SandboxMailPage } from './sandbox-mail-page';
import { json, mockApi, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';

const MAIL_ID = '01a248d8-c425-79e6-8d3a-4532e622f16f';
const mail = {
  id: MAIL_ID,
  from: 'Switchboard <no-reply@localhost>',
  to: 'grace@example.com',
  subject: 'Ada Admin invited you to Mail Co on Switchboard',
  createdAt: '2026-12-06T01:00:00.000Z',
};
const instance = (sandbox: boolean) => () =>
  json({ sandbox, signupOpen: true, mail: { enabled: sandbox, sandbox }, features: [] });

function renderAt(route: string) {
  return renderWithApp(
    <Routes>
      <Route path="/sandbox/mail/:mailId?" element={<SandboxMailPage />} />
    </Routes>,
    { route },
  );
}

describe('the sandbox mailbox page', () => {
  it('lists the mail and opens one with its links clickable', async () => {
    let items = [mail];
    mockApi({
      'GET /api/v1/instance': instance(true),
      'GET /sandbox/_mail': () => json({ items, nextCursor: null }),
      'GET /sandbox/_mail/:id': () =>
        json({
          ...mail,
          text: 'Accept the invitation: http://localhost:3000/invite/tok%2B1\n\nIgnore it otherwise.',
          html: '<p>Accept</p>',
        }),
      'DELETE /sandbox/_mail': () => {
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderAt('/sandbox/mail');
    const list = await screen.findByRole('list', { name: 'Mail' });
    const entry = within(list).getByRole('link', { name: /Ada Admin invited you/ });
    expect(within(list).getByText('To grace@example.com')).toBeVisible();
    await user.click(entry);

    expect(await screen.findByRole('heading', { name: mail.subject })).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'http://localhost:3000/invite/tok%2B1' }),
    ).toHaveAttribute('href', 'http://localhost:3000/invite/tok%2B1');
    await user.click(screen.getByRole('radio', { name: 'HTML' }));
    expect(screen.getByTitle(`HTML version of ${mail.subject}`)).toHaveAttribute(
      'sandbox',
      'allow-popups allow-popups-to-escape-sandbox',
    );

    await user.click(screen.getByRole('link', { name: 'All mail' }));
    await user.click(await screen.findByRole('button', { name: 'Clear mailbox' }));
    const dialog = await screen.findByRole('dialog', { name: 'Clear the sandbox mailbox?' });
    await user.click(within(dialog).getByRole('button', { name: 'Clear mailbox' }));
    expect(await screen.findByText('No mail yet')).toBeVisible();
    expect(sentRequests('DELETE', /_mail$/)).toHaveLength(1);
  });

  it('filters by recipient', async () => {
    mockApi({
      'GET /api/v1/instance': instance(true),
      'GET /sandbox/_mail': (request) =>
        json({ items: request.query.get('to') ? [] : [mail], nextCursor: null }),
    });
    const { user } = renderAt('/sandbox/mail');
    await screen.findByRole('list', { name: 'Mail' });
    await user.type(screen.getByRole('textbox', { name: 'Recipient' }), 'nobody@example.com');
    expect(await screen.findByText('No mail to this address')).toBeVisible();
    await waitFor(() =>
      expect(
        sentRequests('GET', /_mail$/)
          .at(-1)
          ?.query.get('to'),
      ).toBe('nobody@example.com'),
    );
  });

  it('says the mailbox is off on a server without the sandbox', async () => {
    mockApi({ 'GET /api/v1/instance': instance(false) });
    renderAt('/sandbox/mail');
    expect(await screen.findByText('The sandbox mailbox is off')).toBeVisible();
  });
});
