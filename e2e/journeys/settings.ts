import { png } from '../../server/src/features/settings/test-images.js';
import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

/** Picks `zone` in the searchable time zone list labelled `label`. */
async function chooseZone(page: Page, label: string, zone: string) {
  const input = page.getByRole('combobox', { name: label });
  const option = zone.replaceAll('_', ' ');
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The audit log's newest entry: its instant and the time the page shows for it. */
async function newestAuditTime(page: Page) {
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  const time = page.getByRole('table').locator('time').first();
  await expect(time).toBeVisible();
  return { iso: (await time.getAttribute('datetime'))!, shown: (await time.textContent())! };
}

/** How this browser writes `iso` in `zone`: what the app must show. */
const inZone = (page: Page, iso: string, zone: string) =>
  page.evaluate(
    ([value, timeZone]) =>
      new Intl.DateTimeFormat(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone,
      }).format(new Date(value!)),
    [iso, zone],
  );

/**
 * An admin uploads a logo and sees it in the app shell,
 * sets the brand colour and the organization's time zone and sees the audit log in it; their own
 * time zone on the profile page then wins, and the same entry moves.
 */
export async function settingsJourney(page: Page) {
  const org = 'Branding Co';
  const orgId = await signUp(page, { name: 'Bea Branding', emailPrefix: 'e2e-s', org });

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByText('No logo yet.')).toBeVisible();

  // (Refused files are the server tests' part: a failed request is a console error here.)
  const fileInput = page.locator('input[type="file"]');
  await fileInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png(96, 48) });
  const shellLogo = page.getByRole('banner').getByRole('img', { name: `${org} logo` });
  await expect(shellLogo).toBeVisible();
  await expect(page.getByText('96×48 px', { exact: false })).toBeVisible();
  const loaded = await shellLogo.evaluate(
    (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
  );
  if (loaded !== 96) throw new Error(`the shell's logo did not load (naturalWidth ${loaded})`);

  await page.getByRole('textbox', { name: 'Brand colour' }).fill('#0a7b83');
  await chooseZone(page, 'Default time zone', 'Asia/Tokyo');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();

  // Sign-up stored the browser's zone as the user's own: back to the organization's default.
  await openProfile(page);
  await chooseZone(page, 'Time zone', 'Organization default');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved')).toBeVisible();

  await page.goto(`/orgs/${orgId}`);
  const tokyo = await newestAuditTime(page);
  const expectedTokyo = await inZone(page, tokyo.iso, 'Asia/Tokyo');
  if (tokyo.shown !== expectedTokyo) {
    throw new Error(`audit time "${tokyo.shown}", expected "${expectedTokyo}" (the org's zone)`);
  }

  // The user's own zone wins over the organization's: the same entry moves.
  await openProfile(page);
  await chooseZone(page, 'Time zone', 'America/New_York');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved')).toBeVisible();
  await page.goto(`/orgs/${orgId}/audit-log`);
  const same = page.getByRole('table').locator(`time[datetime="${tokyo.iso}"]`).first();
  await expect(same).toBeVisible();
  const moved = await same.textContent();
  const expectedNewYork = await inZone(page, tokyo.iso, 'America/New_York');
  if (moved !== expectedNewYork || moved === tokyo.shown) {
    throw new Error(`audit time "${moved}", expected "${expectedNewYork}" (the user's zone)`);
  }
}

async function openProfile(page: Page) {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
  await expect(page.getByText('This session')).toBeVisible();
}
