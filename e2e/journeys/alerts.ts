import { expect, type Page } from './expect.js';
import { callApi, draftEmailCampaign } from './api.js';
import { signUp } from './sign-up.js';

/**
 * An admin connects the sandbox, finds its default alert rules, and adds a strict one for email:
 * a failure rate above 20 % with a single attempt. A campaign to three addresses, two of which
 * the sandbox refuses at send, breaches it; the alert opens on its own (the e2e server evaluates
 * every 5 s), shows on the Overview and in the navigation, is acknowledged with a comment the
 * timeline keeps, then resolved, and waits under Resolved.
 */
export async function alertsJourney(page: Page) {
  const orgId = await signUp(page, {
    name: 'Al Alerter',
    emailPrefix: 'e2e-alerts',
    org: 'Alert Co',
  });
  const nav = page.getByRole('navigation', { name: 'Organization' });
  await nav.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('region', { name: 'SendGrid (sandbox)', exact: true })).toBeVisible();

  // Nothing is open yet; the rules page lists the defaults every integration gets.
  await nav.getByRole('link', { name: /^Alerts/ }).click();
  await page.waitForURL(/\/alerts$/);
  await expect(page.getByText('Nothing is open')).toBeVisible(30_000);
  await page.getByRole('link', { name: 'Alert rules', exact: true }).click();
  await page.waitForURL(/\/alerts\/rules$/);
  await expect(
    page.getByRole('switch', { name: 'Disable Failure rate above 20%' }).first(),
  ).toBeVisible(30_000);

  // A strict rule for email, through the form.
  await page.getByRole('button', { name: 'New alert rule' }).click();
  const form = page.getByRole('form', { name: 'New alert rule' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Email refused');
  await form.getByRole('combobox', { name: 'Integration' }).click();
  await page.getByRole('option', { name: 'SendGrid (sandbox)' }).click();
  await form.getByRole('textbox', { name: 'With at least (attempts)' }).fill('1');
  await form.getByRole('combobox', { name: 'Severity' }).click();
  await page.getByRole('option', { name: 'Critical' }).click();
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('switch', { name: 'Disable Email refused' })).toBeVisible();

  // Three sends, two refused by the sandbox (`reject…@`).
  const campaignId = await draftEmailCampaign(page, orgId, {
    name: 'Notice (sandbox)',
    template: 'Notice (email)',
    subject: 'A notice for {{ contact.name }}',
    to: [
      ['Ada Lovelace', 'ada@example.com'],
      ['Refused One', 'reject-one@example.com'],
      ['Refused Two', 'reject-two@example.com'],
    ],
  });
  await callApi(page, 'POST', `/api/v1/orgs/${orgId}/campaigns/${campaignId}/launch`);

  // The alert opens on its own: on the Overview, in the navigation, on the alerts page.
  await nav.getByRole('link', { name: 'Overview' }).click();
  const card = page.getByRole('region', { name: 'Alerts' });
  const title = card.getByRole('list', { name: 'Open alerts' }).getByRole('link').first();
  await expect(title).toBeVisible(120_000);
  await expect(card.getByText('1 critical', { exact: false })).toBeVisible();
  await expect(nav.getByLabel('1 unresolved')).toBeVisible(30_000);
  await title.click();
  await page.waitForURL(/\/alerts\?alert=[0-9a-f-]{36}$/);
  const drawer = page.getByRole('dialog', { name: 'Alert' });
  await expect(drawer.getByText('Email refused · Failure rate')).toBeVisible(30_000);
  await expect(drawer.getByText(/sends failed in the last 15 min/)).toBeVisible();

  // Acknowledged with a comment: the timeline keeps who and why.
  await drawer.getByRole('button', { name: /^Acknowledge: / }).click();
  const ack = page.getByRole('form', { name: 'Acknowledge alert' });
  await ack.getByRole('textbox', { name: 'Comment' }).fill('Two addresses refused; checking.');
  await ack.getByRole('button', { name: 'Acknowledge' }).click();
  const timeline = drawer.getByRole('heading', { name: 'Timeline' }).locator('..');
  await expect(timeline.getByText('Two addresses refused; checking.')).toBeVisible();
  await expect(timeline.getByText('Acknowledged', { exact: true })).toBeVisible();
  await expect(timeline.getByText('by Al Alerter').first()).toBeVisible();

  // Resolved by hand: out of Open, into Resolved, with both steps in its timeline.
  await drawer.getByRole('button', { name: /^Resolve: / }).click();
  const resolve = page.getByRole('form', { name: 'Resolve alert' });
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await expect(timeline.getByText('Resolved', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Nothing is open')).toBeVisible(30_000);
  await page.getByRole('tab', { name: /Resolved/ }).click();
  await page.waitForURL(/status=resolved/);
  await expect(page.getByRole('button', { name: /^Email refused: SendGrid/ })).toBeVisible();
  if ((await nav.getByLabel(/unresolved$/).count()) !== 0) {
    throw new Error('the navigation still counts an unresolved alert');
  }
}
