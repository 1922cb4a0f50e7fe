import { expect, type Page } from './expect.js';
import { callApi, type Json } from './api.js';
import { signUp } from './sign-up.js';

/**
 * A member on a fresh install connects the sandbox, writes an email template, and sends a
 * campaign to a group plus one contact picked by search. The form counts the audience live
 * (one suppressed, one without an email address), the launch dialog repeats the count, and
 * the campaign page follows the sandbox's callbacks to the exact final counts. A recipient then
 * unsubscribes with the link in her email.
 */
export async function campaignsJourney(page: Page) {
  const orgId = await signUp(page, {
    name: 'Cam Campaigns',
    emailPrefix: 'e2e-m',
    org: 'Campaign Co',
  });
  const nav = page.getByRole('navigation', { name: 'Organization' });

  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await expect(page.getByText('No campaigns yet')).toBeVisible();

  // The sandbox providers, and an email template with one campaign-wide variable.
  await nav.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByRole('region', { name: 'SendGrid (sandbox)', exact: true })).toBeVisible();
  await nav.getByRole('link', { name: 'Templates' }).click();
  await expect(page.getByText('No templates yet')).toBeVisible();
  await page.getByRole('link', { name: 'New template' }).first().click();
  await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill('Spring sale');
  await page.getByRole('textbox', { name: 'Subject' }).fill('Spring sale, {{ contact.name }}');
  await page
    .getByRole('textbox', { name: 'HTML body' })
    .fill(
      '<p>Hi {{ contact.name }}, use code {{ code }} this week.</p>' +
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    );
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).last().fill('code');
  await page.getByRole('button', { name: 'Create template' }).click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Version 1', { exact: true })).toBeVisible();

  // Contacts (seeded through the API, as an import would): four reachable by email, one of
  // them scripted by the sandbox to bounce, one opted out, one with only a phone number.
  const base = `/api/v1/orgs/${orgId}`;
  const contact = (name: string, identities: Json[]) =>
    callApi<{ id: string }>(page, 'POST', `${base}/contacts`, { name, identities });
  const email = (value: string) => ({ channel: 'email', value });
  const ada = await contact('Ada Lovelace', [email('ada@example.com')]);
  const grace = await contact('Grace Hopper', [email('grace@example.com')]);
  const alan = await contact('Alan Turing', [email('alan@example.com')]);
  const carol = await contact('Carol Optout', [email('carol@example.com')]);
  const dave = await contact('Dave Phone', [{ channel: 'phone', value: '+14155550123' }]);
  await contact('Bob Bounce', [email('bounce-bob@example.com')]);
  await callApi(page, 'POST', `${base}/suppressions`, {
    channel: 'email',
    contactId: carol.id,
    reason: 'unsubscribe',
  });
  const group = await callApi<{ id: string }>(page, 'POST', `${base}/groups`, {
    name: 'Spring list',
  });
  await callApi(page, 'POST', `${base}/groups/${group.id}/members`, {
    contactIds: [ada.id, grace.id, alan.id, carol.id, dave.id],
  });

  // The campaign: integration decides the channel, then template, variable, audience.
  await nav.getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('link', { name: 'New campaign' }).first().click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring sale 2026');
  await page.getByRole('combobox', { name: 'Integration' }).click();
  await page.getByRole('option', { name: 'SendGrid (sandbox) (Email)' }).click();
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: 'Spring sale (Email)' }).click();
  await page.getByRole('textbox', { name: 'code', exact: true }).fill('SPRING25');

  const preview = page.getByRole('region', { name: 'Audience preview' });
  await page.getByRole('combobox', { name: 'Groups' }).click();
  await page.getByRole('option', { name: 'Spring list (5)' }).click();
  await page.keyboard.press('Escape');
  await expect(preview.getByRole('group', { name: 'In the audience: 5' })).toBeVisible();
  const contacts = page.getByRole('combobox', { name: 'Individual contacts' });
  await contacts.click();
  await contacts.fill('bounce');
  await page.getByRole('option', { name: 'Bob Bounce (bounce-bob@example.com)' }).click();
  await page.keyboard.press('Escape');
  await expect(preview.getByRole('group', { name: 'In the audience: 6' })).toBeVisible();
  await expect(preview.getByRole('group', { name: 'Will be sent: 4' })).toBeVisible();
  await expect(preview.getByRole('group', { name: 'Suppressed: 1' })).toBeVisible();
  await expect(preview.getByRole('group', { name: 'No Email identity: 1' })).toBeVisible();

  // The audience filter narrows the choice live, from the keyboard: only contacts with a phone
  // number (Dave, who has no email address), then also named "lovelace" (nobody).
  const identityFilter = page.getByRole('combobox', { name: 'Has an identity on' });
  await identityFilter.focus();
  await page.keyboard.press('ArrowDown');
  const phoneOption = page.getByRole('option', { name: 'Phone number' });
  await phoneOption.waitFor();
  // Arrow down to it, however far the open list starts from (the highlight is Mantine's
  // `data-combobox-selected`); a fixed count of presses raced the list's opening.
  for (let i = 0; i < 8 && !(await phoneOption.getAttribute('data-combobox-selected')); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(preview.getByText('(after the filter)')).toBeVisible();
  await expect(preview.getByRole('group', { name: 'In the audience: 1' })).toBeVisible();
  await expect(preview.getByRole('group', { name: 'No Email identity: 1' })).toBeVisible();
  const nameFilter = page.getByRole('textbox', { name: 'Name contains' });
  await nameFilter.fill('lovelace');
  await expect(preview.getByRole('group', { name: 'In the audience: 0' })).toBeVisible();
  await nameFilter.fill('x'.repeat(201));
  await expect(page.getByText('Keep the name filter to 200 characters (it has 201)')).toBeVisible();
  await expect(preview.getByText('Fix the filter to see who will receive it.')).toBeVisible();
  // Back to everyone chosen: no name, any channel.
  await nameFilter.fill('');
  await identityFilter.click();
  await page.getByRole('option', { name: 'Any (no channel filter)' }).click();
  await expect(preview.getByRole('group', { name: 'In the audience: 6' })).toBeVisible();
  await expect(preview.getByRole('group', { name: 'Will be sent: 4' })).toBeVisible();

  // Launch, confirming with the keyboard (the send button has focus in the dialog).
  await page.getByRole('button', { name: 'Launch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Launch “Spring sale 2026”?' });
  await expect(dialog.getByText('It will be sent to 4 contacts now.')).toBeVisible();
  await expect(dialog.getByText('1 contact is suppressed', { exact: false })).toBeVisible();
  await expect(dialog.getByText('1 contact has no Email identity', { exact: false })).toBeVisible();
  await dialog.getByRole('button', { name: 'Send to 4 contacts' }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignId = new URL(page.url()).pathname.split('/').pop()!;

  // The campaign page follows it to the end: every count exact, each one a link to its messages.
  const progress = page.getByRole('region', { name: 'Progress' });
  await expect(progress).toBeVisible();
  await expect(page.getByText('Completed', { exact: true })).toBeVisible(60_000);
  await expect(progress.getByText('6 of 6 handled (100%).')).toBeVisible();
  for (const [label, count] of [
    ['Suppressed', 1],
    ['Skipped', 1],
    ['Queued', 0],
    ['Failed', 0],
    ['Needs review', 0],
  ] as const) {
    await expect(progress.getByRole('link', { name: `${label} ${count}` })).toBeVisible();
  }
  // The four that were sent: accepted by the sandbox, then delivered (or, for bounce-bob,
  // bounced) as the sandbox's signed reports arrive and are processed.
  await expect(progress.getByRole('link', { name: 'Delivered 3' })).toBeVisible(60_000);
  await expect(progress.getByRole('link', { name: 'Bounced 1' })).toBeVisible(60_000);
  const href = await progress.getByRole('link', { name: 'Suppressed 1' }).getAttribute('href');
  if (href !== `/orgs/${orgId}/messages?campaignId=${campaignId}&status=suppressed`) {
    throw new Error(`unexpected message log link: ${href}`);
  }
  await expect(page.getByText('Version 1, pinned')).toBeVisible();

  // The bounced count opens the message log on that message; its history shows the send and
  // the provider's bounce report.
  await progress.getByRole('link', { name: 'Bounced 1' }).click();
  const bounced = page.getByRole('row', { name: /bounce-bob@example\.com/ });
  await expect(bounced).toBeVisible();
  await bounced.getByRole('button', { name: 'History' }).click();
  const drawer = page.getByRole('dialog', { name: 'Message' });
  await expect(drawer.getByText('Send attempt').first()).toBeVisible();
  await expect(drawer.getByText('Provider reported: bounced')).toBeVisible();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });

  // Ada follows the unsubscribe link in her email: the page asks first, then confirms; the
  // address is suppressed and her message's history says how.
  const delivered = await callApi<{ items: { id: string; address: string; content: Json }[] }>(
    page,
    'GET',
    `${base}/messages?campaignId=${campaignId}&status=delivered&limit=10`,
  );
  const adaMessage = delivered.items.find((m) => m.address === 'ada@example.com')!;
  const link = /href="([^"]+\/u\/[^"]+)"/.exec(String(adaMessage.content.html))?.[1];
  if (!link) throw new Error('the email has no unsubscribe link');
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole('heading', { name: 'Unsubscribe from Campaign Co' })).toBeVisible();
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();
  const suppressions = await callApi<{ items: { normalized: string; source: string }[] }>(
    page,
    'GET',
    `${base}/suppressions?limit=100`,
  );
  if (
    !suppressions.items.some(
      (x) => x.normalized === 'ada@example.com' && x.source === 'unsubscribe_link',
    )
  ) {
    throw new Error('the unsubscribe link did not suppress the address');
  }
  await page.goto(`/orgs/${orgId}/messages?campaignId=${campaignId}&status=delivered`);
  const adaRow = page.getByRole('row', { name: /ada@example\.com/ });
  await adaRow.getByRole('button', { name: 'History' }).click();
  await expect(
    page
      .getByRole('dialog', { name: 'Message' })
      .getByText('Unsubscribed with the link in this email'),
  ).toBeVisible();
  await page.keyboard.press('Escape');

  // The list shows it completed, six of six handled.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'Campaigns' })
    .click();
  await page.waitForURL(/\/campaigns$/);
  const row = page.getByRole('row', { name: /Spring sale 2026/ });
  await expect(row.getByText('Completed')).toBeVisible();
  await expect(row.getByText('6 / 6')).toBeVisible();

  // A draft saved with a filter keeps it, and can be deleted (after a confirmation) while it has
  // sent nothing: back on the list, it is gone.
  await page.getByRole('link', { name: 'New campaign' }).first().click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Scratch draft');
  await page.getByRole('combobox', { name: 'Integration' }).click();
  await page.getByRole('option', { name: 'SendGrid (sandbox) (Email)' }).click();
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: 'Spring sale (Email)' }).click();
  await page.getByRole('textbox', { name: 'code', exact: true }).fill('DRAFT');
  await page.getByRole('combobox', { name: 'Groups' }).click();
  await page.getByRole('option', { name: 'Spring list (5)' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Name contains' }).fill('Grace');
  await expect(preview.getByRole('group', { name: 'In the audience: 1' })).toBeVisible();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByText('only names containing “Grace”')).toBeVisible();
  await page.getByRole('button', { name: 'Delete draft' }).click();
  const confirmDelete = page.getByRole('dialog', { name: 'Delete “Scratch draft”?' });
  await confirmDelete.getByRole('button', { name: 'Delete draft' }).click();
  await page.waitForURL(/\/campaigns$/);
  await expect(page.getByRole('row', { name: /Spring sale 2026/ })).toBeVisible();
  if ((await page.getByRole('row', { name: /Scratch draft/ }).count()) !== 0) {
    throw new Error('the deleted draft is still listed');
  }
}
