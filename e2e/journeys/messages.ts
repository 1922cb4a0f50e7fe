import type { Locator } from 'playwright-core';
import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

const SID = `AC${'c0ffee00'.repeat(4)}`;
const TOKEN = '0123456789abcdef0123456789abcdef';

/**
 * Callbacks are processed in the background (right after they are stored, and by the sweep every
 * minute at the latest): look again until it is there. Each look waits for the reloaded page to
 * show its data; checking right after a reload would only ever see the loading state.
 */
async function reloadUntil(page: Page, locator: Locator) {
  const deadline = Date.now() + 75_000;
  for (;;) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: 3_000 });
      return await expect(locator).toBeVisible();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await page.reload();
  }
}

/**
 * A person texts the org's sandbox number: the message shows up in the message log as received,
 * its history opens in the drawer, a STOP from them is an opt-out, and the contact created for
 * the unknown number shows both messages in its conversation.
 */
export async function messagesJourney(page: Page) {
  const orgId = await signUp(page, {
    name: 'Mia Messages',
    emailPrefix: 'e2e-m',
    org: 'Messages Co',
  });
  const origin = new URL(page.url()).origin;

  await page.getByRole('link', { name: 'Messages' }).click();
  await expect(page.getByText('No messages yet')).toBeVisible();

  const created = await page.request.post(`/api/v1/orgs/${orgId}/integrations`, {
    headers: { origin },
    data: {
      provider: 'twilio',
      sandbox: true,
      credentials: { accountSid: SID, authToken: TOKEN },
      settings: { fromNumber: '+15005550006' },
    },
  });
  if (created.status() !== 201) throw new Error(`integration: ${created.status()}`);
  const { webhook } = (await created.json()) as { webhook: { urls: Record<string, string> } };
  const text = async (body: string) => {
    const res = await page.request.post('/sandbox/twilio/_inbound', {
      data: {
        accountSid: SID,
        authToken: TOKEN,
        url: webhook.urls.inbound,
        from: '+14155556001',
        to: '+15005550006',
        body,
      },
    });
    if (!res.ok()) throw new Error(`sandbox inbound: ${res.status()}`);
  };
  await text('Hi, is my order on its way?');

  const row = page.getByRole('row', { name: /\+14155556001/ });
  await reloadUntil(page, row);
  await expect(row.getByText('Received')).toBeVisible();
  await row.getByRole('button', { name: 'History' }).click();
  const drawer = page.getByRole('dialog', { name: 'Message' });
  await expect(drawer.getByText('Received from the contact')).toBeVisible();
  await expect(drawer.getByText('Hi, is my order on its way?')).toBeVisible();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  await text('STOP');
  await page.getByRole('link', { name: 'Suppressions' }).click();
  await page.waitForURL(/\/suppressions$/);
  // Matched on the reason too: the message log's rows, still on screen for a moment after the
  // click, also name the number.
  await reloadUntil(page, page.getByRole('row', { name: /\+14155556001.*STOP keyword/ }));

  await page.getByRole('link', { name: 'Messages' }).click();
  await page.getByRole('link', { name: '+14155556001' }).first().click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  const conversation = page.getByText('Conversation', { exact: true });
  await expect(conversation).toBeVisible();
  await expect(page.getByText('Hi, is my order on its way?')).toBeVisible();
  await expect(page.getByText('STOP', { exact: true })).toBeVisible();
  await page
    .getByRole('button', { name: /Received SMS message, show history/ })
    .first()
    .click();
  await expect(page.getByRole('dialog', { name: 'Message' })).toBeVisible();
}
