import { randomUUID } from 'node:crypto';
import { startAccessibilityCheck } from '../a11y.js';
import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

/**
 * Mail through the sandbox mailbox. An owner invites a colleague, and the app says it emailed
 * them; in another browser the colleague finds the invitation in `/sandbox/mail`, follows its
 * link and joins. Then, signed out, the colleague has forgotten the password: "Forgot your
 * password?", the reset mail, a new password, and a sign-in with it; and last moves the account
 * to another address, confirmed from the mail sent there.
 */
export async function mailJourney(page: Page) {
  const orgId = await signUp(page, {
    name: 'Olive Owner',
    emailPrefix: 'e2e-mail',
    org: 'Mail Co',
  });
  const colleague = `e2e-colleague-${randomUUID().slice(0, 8)}@example.com`;

  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Members' })
    .click();
  await page.waitForURL(`**/orgs/${orgId}/settings/members`);
  await page.getByRole('button', { name: 'Invite member' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite a member' });
  await invite.getByRole('textbox', { name: 'Email address' }).fill(colleague);
  await invite.getByRole('button', { name: 'Create invitation' }).click();
  await expect(invite.getByText(`We emailed the invitation to ${colleague}`)).toBeVisible();
  await invite.getByRole('button', { name: 'Done' }).click();

  // Another browser, nobody signed in: the mailbox, the invitation, its link.
  const browser = page.context().browser()!;
  const other = await browser.newContext({
    baseURL: new URL(page.url()).origin,
    reducedMotion: 'reduce',
  });
  try {
    const second = await other.newPage();
    // This page is checked like the journey's own (a11y.ts), and its console too.
    const a11y = startAccessibilityCheck(second);
    const problems: string[] = [];
    second.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    second.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await second.goto('/sandbox/mail');
    await expect(second.getByRole('heading', { name: 'Sandbox mailbox' })).toBeVisible();
    await second.getByRole('textbox', { name: 'Recipient' }).fill(colleague);
    const invitation = second
      .getByRole('list', { name: 'Mail' })
      .getByRole('link', { name: /Olive Owner invited you to Mail Co/ });
    await expect(invitation).toBeVisible(30_000);
    await invitation.click();
    await expect(second.getByRole('heading', { name: /Olive Owner invited you/ })).toBeVisible();
    await second.getByRole('link', { name: /\/invite\// }).click();
    await expect(second.getByRole('heading', { name: 'Join Mail Co' })).toBeVisible();
    await second.getByLabel('Your name').fill('Cole League');
    await second.getByLabel('Password').fill('a long enough password');
    await second.getByRole('button', { name: /create account|sign up|join/i }).click();
    await second.waitForURL(`**/orgs/${orgId}`);
    await expect(second.getByRole('heading', { name: 'Welcome to Mail Co' })).toBeVisible();

    // Signed out, the password forgotten.
    await second.getByRole('button', { name: 'Account menu for Cole League' }).click();
    await second.getByRole('menuitem', { name: 'Log out' }).click();
    await second.waitForURL('**/login**');
    await expect(second.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await second.getByRole('link', { name: 'Forgot your password?' }).click();
    await second.getByRole('textbox', { name: 'Email' }).fill(colleague);
    await second.getByRole('button', { name: 'Send reset link' }).click();
    await expect(second.getByText(`If ${colleague} has a Switchboard account`)).toBeVisible();
    await second.getByRole('link', { name: 'sandbox mailbox' }).click();
    await second.getByRole('textbox', { name: 'Recipient' }).fill(colleague);
    const reset = second
      .getByRole('list', { name: 'Mail' })
      .getByRole('link', { name: /Reset your Switchboard password/ });
    await expect(reset).toBeVisible(30_000);
    await reset.click();
    await expect(
      second.getByRole('heading', { name: 'Reset your Switchboard password' }),
    ).toBeVisible();
    await second.getByRole('link', { name: /\/reset-password\?token=/ }).click();
    await expect(second.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await second.getByLabel(/^New password/).fill('an even longer new passphrase');
    await second.getByRole('button', { name: 'Set new password' }).click();
    await second.waitForURL('**/login?email=**');
    await expect(second.getByText('Password changed')).toBeVisible();
    await second.getByLabel(/^Password/).fill('an even longer new passphrase');
    await second.getByRole('button', { name: 'Log in' }).click();
    await second.waitForURL(`**/orgs/${orgId}`);
    await expect(second.getByRole('heading', { name: 'Welcome to Mail Co' })).toBeVisible();
    // A new address, confirmed from the mail sent to it.
    const moved = `e2e-moved-${randomUUID().slice(0, 8)}@example.com`;
    await second.getByRole('button', { name: 'Account menu for Cole League' }).click();
    await second.getByRole('menuitem', { name: 'Profile' }).click();
    const change = second.getByRole('form', { name: 'Change email address' });
    await expect(change).toBeVisible();
    await change.getByRole('textbox', { name: 'New email address' }).fill(moved);
    await change.getByLabel(/^Your password/).fill('an even longer new passphrase');
    await change.getByRole('button', { name: 'Send confirmation link' }).click();
    await expect(change.getByText(`We sent a link to ${moved}`)).toBeVisible();
    await second.goto('/sandbox/mail');
    await second.getByRole('textbox', { name: 'Recipient' }).fill(moved);
    const confirmation = second
      .getByRole('list', { name: 'Mail' })
      .getByRole('link', { name: /Confirm your new email address/ });
    await expect(confirmation).toBeVisible(30_000);
    await confirmation.click();
    await expect(
      second.getByRole('heading', { name: 'Confirm your new email address for Switchboard' }),
    ).toBeVisible();
    await second.getByRole('link', { name: /\/confirm-email\?token=/ }).click();
    await second.getByRole('button', { name: 'Confirm email address' }).click();
    await expect(second.getByText(`Your account now uses ${moved}`)).toBeVisible();
    await second.getByRole('link', { name: 'Open your profile' }).click();
    await expect(second.getByText(moved, { exact: true })).toBeVisible();

    const report = a11y.report();
    if (report) problems.push(report);
    if (problems.length) throw new Error(`in the second browser:\n${problems.join('\n')}`);
  } finally {
    await other.close();
  }
}
