import { expect, type Page } from './expect.js';
import { draftEmailCampaign } from './api.js';
import { signUp } from './sign-up.js';

/**
 * A new organization sees the getting-started checklist and a monitoring page that says why it is
 * empty. It connects the sandbox and launches the demo's welcome email (set up through the API as
 * the seed sets it up for the demo organization: two deliverable addresses and one that bounces).
 * The Overview and the monitoring page then show the traffic: volume and a delivery latency; the
 * range and the zone change through the URL; a provider event opens its message in the log.
 */
export async function monitoringJourney(page: Page) {
  const orgId = await signUp(page, {
    name: 'Mo Monitor',
    emailPrefix: 'e2e-mon',
    org: 'Monitor Co',
  });
  const nav = page.getByRole('navigation', { name: 'Organization' });
  const steps = page.getByRole('region', { name: 'Getting started' });
  await expect(steps.getByText('0 of 4 done')).toBeVisible();

  // Before any integration, the monitoring page says why it is empty and where to fix it.
  await nav.getByRole('link', { name: 'Monitoring' }).click();
  await page.waitForURL(/\/monitoring$/);
  const volume = page.getByRole('region', { name: 'Volume by outcome' });
  await expect(
    volume.getByRole('link', { name: 'Connect a provider or try the sandbox' }),
  ).toBeVisible(30_000);

  // The sandbox, and the demo's welcome email to three contacts.
  await nav.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('region', { name: 'SendGrid (sandbox)', exact: true })).toBeVisible();
  const campaignId = await draftEmailCampaign(page, orgId, {
    name: 'Welcome email (sandbox)',
    template: 'Welcome (email)',
    subject: 'Welcome to Monitor Co, {{ contact.name }}',
    to: [
      ['Ada Lovelace', 'ada@example.com'],
      ['Grace Hopper', 'grace@example.com'],
      ['Bouncing Email', 'bounce@example.com'],
    ],
  });

  // The checklist follows: three of four done until the campaign goes out.
  // A fresh load: the contacts and the template came through the API, past the page's cache.
  await page.goto(`/orgs/${orgId}`);
  await expect(steps.getByText('3 of 4 done')).toBeVisible();
  await page.goto(`/orgs/${orgId}/campaigns/${campaignId}`);
  await page.getByRole('button', { name: 'Launch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Launch “Welcome email (sandbox)”?' });
  await dialog.getByRole('button', { name: 'Send to 3 contacts' }).click();
  const progress = page.getByRole('region', { name: 'Progress' });
  await expect(progress.getByRole('link', { name: 'Delivered 2' })).toBeVisible(60_000);
  await expect(progress.getByRole('link', { name: 'Bounced 1' })).toBeVisible(60_000);

  // The Overview: the last 24 hours and the provider's health in words; the checklist is gone.
  await nav.getByRole('link', { name: 'Overview' }).click();
  const lastDay = page.getByRole('region', { name: 'Last 24 hours' });
  await expect(lastDay.getByRole('group', { name: /^Sent: [1-9]/ })).toBeVisible(90_000);
  await expect(
    lastDay.getByRole('list', { name: 'Provider health' }).getByText('SendGrid (sandbox):'),
  ).toBeVisible();
  if ((await steps.count()) !== 0) throw new Error('the checklist is still shown once all is done');

  // Monitoring: volume and a delivery latency (the rollups may trail by a refresh or two).
  await nav.getByRole('link', { name: 'Monitoring' }).click();
  await page.waitForURL(/\/monitoring$/);
  await expect(page.getByRole('group', { name: /^Sent: [1-9]/ })).toBeVisible(90_000);
  await expect(page.getByRole('group', { name: /^Delivery latency p50: \d/ })).toBeVisible(90_000);
  await expect(volume.getByRole('figure')).toBeVisible(30_000);
  const latencyChart = page.getByRole('region', { name: 'Delivery latency p95' });
  await expect(latencyChart.getByRole('figure')).toBeVisible(30_000);
  const providers = page.getByRole('region', { name: 'Integrations' });
  await expect(providers.getByRole('row', { name: /SendGrid \(sandbox\)/ })).toBeVisible();

  // Another range and another zone: both in the URL, the traffic still in range.
  await page.getByRole('radiogroup', { name: 'Range' }).getByText('1 h', { exact: true }).click();
  await page.waitForURL(/preset=1h/);
  await expect(page.getByRole('group', { name: /^Sent: [1-9]/ })).toBeVisible(30_000);
  const zone = page.getByRole('combobox', { name: 'Time zone' });
  await zone.click();
  await zone.fill('Tokyo');
  await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
  await page.waitForURL(/tz=Asia%2FTokyo/);
  await expect(page.getByRole('group', { name: /^Sent: [1-9]/ })).toBeVisible(30_000);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Time zone' })).toBeVisible();
  if ((await page.getByRole('combobox', { name: 'Time zone' }).inputValue()) !== 'Asia/Tokyo') {
    throw new Error('the zone did not survive a reload');
  }

  // The sends among the provider events; one opens its message in the message log.
  const events = page.getByRole('region', { name: 'Provider events' });
  await events.getByRole('combobox', { name: 'Kind' }).click();
  await page.getByRole('option', { name: 'Send', exact: true }).click();
  await page.waitForURL(/kind=send/);
  const open = events.getByRole('link', { name: /^Open message/ }).first();
  await expect(open).toBeVisible(30_000);
  await open.click();
  await page.waitForURL(/\/messages\?message=[0-9a-f-]{36}$/);
  const drawer = page.getByRole('dialog', { name: 'Message' });
  await expect(drawer.getByText('Send attempt').first()).toBeVisible();
}
