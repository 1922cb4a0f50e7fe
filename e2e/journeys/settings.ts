import { png } from '../../server/src/features/settings/test-images.js';
import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

/** Picks `zone` in the searchable time zone list labelled `label`. */
async function chooseZone(page: Page, label: string, zone: string) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(zone.replaceAll('_', ' '));
  await page.getByRole('option', { name: zone.replaceAll('_', ' '), exact: true }).click();
}

/** The audit log's newest entry: its instant and the time the page shows for it. */
async function newestAuditTime(page: Page) {
  await page.getByRole('link', { name: 'Audit log' }).click();
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
 * An admin uploads a logo and sees it in the app shell, refuses a file that is not an image, sets
 * the brand colour and the organization's time zone and sees the audit log's dates move with it;
 * their own time zone on the profile page then wins over the organization's.
 */
export async function settingsJourney(page: Page) {
  const org = 'Branding Co';
  const orgId = await signUp(page, { name: 'Bea Branding', emailPrefix: 'e2e-s', org });

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByText('No logo yet.')).toBeVisible();

  // Not an image, whatever its name says: refused, with the server's reason.
  const fileInput = page.locator('input[type="file"]');
  await fileInput.setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  });
  await expect(page.getByRole('alert').getByText(/not a PNG, JPEG, WebP or GIF/)).toBeVisible();

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

  const tokyo = await newestAuditTime(page);
  const expectedTokyo = await inZone(page, tokyo.iso, 'Asia/Tokyo');
  if (tokyo.shown !== expectedTokyo) {
    throw new Error(`audit time "${tokyo.shown}", expected "${expectedTokyo}" (Asia/Tokyo)`);
  }

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await chooseZone(page, 'Default time zone', 'America/New_York');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  const newYork = await newestAuditTime(page);
  const sameEntry = page.getByRole('table').locator(`time[datetime="${tokyo.iso}"]`).first();
  const moved = await sameEntry.textContent();
  if (moved !== (await inZone(page, tokyo.iso, 'America/New_York')) || moved === tokyo.shown) {
    throw new Error(`the date did not move to New York time: "${moved}" (was "${tokyo.shown}")`);
  }
  if (!newYork.shown) throw new Error('no audit time shown');

  // The user's own zone wins over the organization's.
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
  await expect(page.getByText('This session')).toBeVisible();
  await chooseZone(page, 'Time zone', 'Pacific/Kiritimati');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved')).toBeVisible();
  await page.goto(`/orgs/${orgId}/audit-log`);
  const mine = page.getByRole('table').locator(`time[datetime="${tokyo.iso}"]`).first();
  await expect(mine).toBeVisible();
  const shownMine = await mine.textContent();
  const expectedMine = await inZone(page, tokyo.iso, 'Pacific/Kiritimati');
  if (shownMine !== expectedMine) {
    throw new Error(`audit time "${shownMine}", expected "${expectedMine}" (the user's zone)`);
  }
}
