import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, sentRequests } from '@/test/fetch-mock';
import { renderWithApp } from '@/test/render';
import { SignupForm } from './signup-form';

function renderForm() {
  mockApi({
    'GET /api/v1/auth/session': () => json({ signedIn: false, user: null, memberships: [] }),
    'POST /api/v1/auth/signup': () =>
      json({ user: { id: 'u-1', email: 'ada@example.com', name: 'Ada' }, org: { id: 'o-1' } }, 201),
  });
  const done: unknown[] = [];
  const view = renderWithApp(<SignupForm onSuccess={(result) => done.push(result)} />);
  return { ...view, done };
}

async function fillIn(user: ReturnType<typeof renderForm>['user'], password: string) {
  await user.type(screen.getByRole('textbox', { name: 'Your name' }), 'Ada Lovelace');
  await user.type(screen.getByRole('textbox', { name: 'Email' }), 'ada.lovelace@example.com');
  await user.type(screen.getByRole('textbox', { name: 'Organization name' }), 'Engines');
  await user.type(screen.getByLabelText(/^Password/), password);
}

describe('SignupForm', () => {
  it('says, as the user types, why a common password is too easy to guess, and sends nothing', async () => {
    const { user } = renderForm();
    await fillIn(user, 'password12');

    expect(await screen.findByText('Strength: Weak')).toBeInTheDocument();
    expect(
      screen.getByText(/Password is too easy to guess\. This is a commonly used password\./),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create account' }));
    // The reason moves from the hint to the field's error, said once.
    const reasons = screen.getAllByText(/Password is too easy to guess/);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toHaveClass('mantine-InputWrapper-error');
    expect(sentRequests('POST', /\/auth\/signup$/)).toHaveLength(0);
  });

  it('refuses a password that contains the email address before estimating it', async () => {
    const { user } = renderForm();
    await fillIn(user, 'ADA.LOVELACE horse staple');

    expect(
      await screen.findByText('Password must not contain your email address'),
    ).toBeInTheDocument();
  });

  it('calls a long passphrase strong and signs up with it', async () => {
    const { user, done } = renderForm();
    await fillIn(user, 'correct horse battery staple');

    expect(await screen.findByText(/Strength: (Strong|Very strong)/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await expect.poll(() => done.length).toBe(1);
    expect(sentRequests('POST', /\/auth\/signup$/)[0]?.body).toMatchObject({
      email: 'ada.lovelace@example.com',
      password: 'correct horse battery staple',
      // Proposed from the browser, shown for the user to confirm.
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
  });

  it('proposes the browser’s time zone', () => {
    renderForm();
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveValue(
      zone.replaceAll('_', ' '),
    );
  });
});
