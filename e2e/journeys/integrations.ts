import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

/**
 * An admin on a fresh install adds the one-click sandbox integrations, copies a Twilio webhook
 * URL, tests the connection, edits the integration (name, sender, verification mode), disables
 * and re-enables it, deletes it after confirming, and connects one again through the form.
 */
export async function integrationsJourney(page: Page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, { name: 'Ivy Integrations', emailPrefix: 'e2e-i', org: 'Integration Co' });

  await page.getByRole('link', { name: 'Integrations' }).click();
  await expect(page.getByText('No providers connected yet')).toBeVisible();
  await page.getByRole('button', { name: 'Try the sandbox' }).click();

  const card = page.getByRole('region', { name: 'Twilio (sandbox)', exact: true });
  await expect(card).toBeVisible();
  await expect(page.getByRole('region', { name: 'SendGrid (sandbox)', exact: true })).toBeVisible();
  await expect(card.getByText('Sandbox', { exact: true })).toBeVisible();
  await expect(card.getByText('Active', { exact: true })).toBeVisible();
  await expect(card.getByText(/Auth Token …/)).toBeVisible();

  const statusUrl = card.getByRole('textbox', { name: 'Status callback URL' });
  const url = await statusUrl.inputValue();
  if (!/^http:\/\/localhost:\d+\/webhooks\/twilio\/[0-9a-f-]{36}\/status$/.test(url)) {
    throw new Error(`unexpected status callback URL: ${url}`);
  }
  await expect(card.getByRole('textbox', { name: 'Incoming messages URL' })).toBeVisible();
  await card.getByRole('button', { name: 'Copy' }).first().click();
  await expect(card.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate<string>('navigator.clipboard.readText()');
  if (copied !== url) throw new Error(`copied "${copied}" instead of the status callback URL`);
  await expect(card.getByText('No callbacks received yet.', { exact: false })).toBeVisible();
  await expect(card.getByText('None in the last 24 hours.')).toBeVisible();

  // Keyboard: the test runs from a focused button with Enter.
  await card.getByRole('button', { name: 'Test connection' }).focus();
  await page.keyboard.press('Enter');
  await expect(card.getByText('Connection works')).toBeVisible();
  await expect(card.getByText('Connected to Twilio', { exact: false })).toBeVisible();

  await card.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Twilio (sandbox)' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(/Stored: …/).first()).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Support SMS');
  await dialog.getByRole('textbox', { name: 'Sender number' }).fill('not a number');
  await dialog.getByRole('radio', { name: /Log only/ }).check();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    dialog.getByText('must be a phone number in E.164 form', { exact: false }),
  ).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Sender number' }).fill('+15005550009');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });

  const edited = page.getByRole('region', { name: 'Support SMS', exact: true });
  await expect(edited.getByText('Log only:', { exact: false })).toBeVisible();
  await edited.getByRole('button', { name: 'Edit' }).click();
  const reopened = page.getByRole('dialog', { name: 'Edit Support SMS' });
  const sender = await reopened.getByRole('textbox', { name: 'Sender number' }).inputValue();
  if (sender !== '+15005550009') throw new Error(`sender number not saved: ${sender}`);
  await page.keyboard.press('Escape');
  await reopened.waitFor({ state: 'detached' });

  await edited.getByRole('button', { name: 'Disable' }).click();
  await expect(edited.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(
    edited.getByText('Switchboard does not send through this integration', { exact: false }),
  ).toBeVisible();
  await edited.getByRole('button', { name: 'Enable' }).click();
  await expect(edited.getByText('Active', { exact: true })).toBeVisible();

  await edited.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Support SMS?' });
  // The destructive button has focus in the dialog: Enter confirms.
  await confirm.getByRole('button', { name: 'Delete integration' }).waitFor();
  await page.keyboard.press('Enter');
  await edited.waitFor({ state: 'detached' });
  await page.waitForFunction('document.activeElement?.id === "main-content"');

  // Connect one through the form, with a client-side format check first.
  await page.getByRole('button', { name: 'Connect a provider' }).first().click();
  const form = page.getByRole('dialog', { name: 'Connect a provider' });
  await form.getByText('Twilio', { exact: true }).click();
  await form.getByRole('switch', { name: 'Use the built-in sandbox' }).check();
  await form.getByRole('textbox', { name: 'Account SID' }).fill('AC123');
  await form.getByLabel('Auth Token').fill('0123456789abcdef0123456789abcdef');
  await form.getByRole('textbox', { name: 'Sender number' }).fill('+15005550006');
  await form.getByRole('button', { name: 'Connect Twilio' }).click();
  await expect(form.getByText('Account SID must be AC followed by 32 hex digits')).toBeVisible();
  await form.getByRole('textbox', { name: 'Account SID' }).fill(`AC${'ab'.repeat(16)}`);
  await form.getByRole('button', { name: 'Connect Twilio' }).click();
  await form.waitFor({ state: 'detached' });
  await expect(page.getByRole('region', { name: 'Twilio (sandbox)', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Telegram (sandbox)', exact: true })).toBeVisible();
}
