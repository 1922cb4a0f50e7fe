import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { json, mockApi, problem, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import { ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage } from './account-link-pages';

const instance = (mail: { enabled: boolean; sandbox: boolean }) => () =>
  json({ sandbox: mail.sandbox, signupOpen: true, mail, features: [] });
const signedOut = () => json({ signedIn: false, user: null, memberships: [] });

function renderAt(route: string) {
  return renderWithApp(
    <Routes>
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/confirm-email" element={<ConfirmEmailPage />} />
      <Route path="/login" element={<output>login page</output>} />
    </Routes>,
    { route },
  );
}

describe('forgot password', () => {
  it('asks for the address and says the same whatever the server knows, pointing to the sandbox mailbox', async () => {
    mockApi({
      'GET /api/v1/instance': instance({ enabled: true, sandbox: true }),
      'POST /api/v1/auth/password-reset': () => json({ expiresInMinutes: 30 }, 202),
    });
    const { user } = renderAt('/forgot-password?email=ada%40example.com');
    const email = await screen.findByRole('textbox', { name: /Email/ });
    expect(email).toHaveValue('ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByText(/If ada@example.com has a Switchboard account/)).toBeVisible();
    expect(screen.getByText(/for 30 minutes/)).toBeVisible();
    expect(screen.getByRole('link', { name: 'sandbox mailbox' })).toHaveAttribute(
      'href',
      '/sandbox/mail',
    );
    expect(sentRequests('POST', /password-reset$/)[0]?.body).toEqual({ email: 'ada@example.com' });
  });

  it('says so when the server cannot send mail, instead of a form', async () => {
    mockApi({ 'GET /api/v1/instance': instance({ enabled: false, sandbox: false }) });
    renderAt('/forgot-password');
    expect(await screen.findByText(/This server cannot send email/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Send reset link' })).not.toBeInTheDocument();
  });
});

describe('reset password', () => {
  it('sets the new password with the link’s token and goes on to log in', async () => {
    mockApi({
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/password-reset/confirm': () => json({ email: 'ada@example.com' }),
    });
    const { user } = renderAt('/reset-password?token=tok-123');
    await user.type(await screen.findByLabelText(/^New password/), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText('login page')).toBeVisible();
    expect(sentRequests('POST', /confirm$/)[0]?.body).toEqual({
      token: 'tok-123',
      password: 'correct horse battery staple',
    });
  });

  it('shows the server’s reason when the link no longer works', async () => {
    mockApi({
      'POST /api/v1/auth/password-reset/confirm': () =>
        problem(410, 'token_invalid', 'This password reset link has expired or was already used.'),
    });
    const { user } = renderAt('/reset-password?token=old');
    await user.type(await screen.findByLabelText(/^New password/), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText(/has expired or was already used/)).toBeVisible();
  });

  it('says a link without its token is incomplete', async () => {
    mockApi({});
    renderAt('/reset-password');
    expect(await screen.findByText(/This link is incomplete/)).toBeVisible();
  });
});

describe('confirm email', () => {
  it('confirms only on a click (a mail scanner opening the link changes nothing)', async () => {
    mockApi({
      'GET /api/v1/auth/session': signedOut,
      'POST /api/v1/auth/email-change/confirm': () => json({ email: 'new@example.com' }),
    });
    const { user } = renderAt('/confirm-email?token=tok-9');
    const button = await screen.findByRole('button', { name: 'Confirm email address' });
    expect(sentRequests('POST')).toHaveLength(0);
    await user.click(button);
    expect(await screen.findByText(/now uses new@example.com/)).toBeVisible();
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute(
      'href',
      '/login?email=new%40example.com',
    );
  });
});
