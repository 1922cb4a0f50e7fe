import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

/**
 * A new user signs up, lands in their organization, creates a second organization, switches
 * between the two with the org switcher, and creates an API key whose secret is shown once.
 */
export async function signupJourney(page: Page) {
  await signUp(page, { name: 'Erin End-to-End', emailPrefix: 'e2e', org: 'Erin & Co' });
  const firstOrgUrl = page.url();
  await expect(page.getByRole('button', { name: /Erin & Co/ })).toBeVisible();

  // Create a second organization from the switcher.
  await page.getByRole('button', { name: /Erin & Co/ }).click();
  await page.getByRole('menuitem', { name: /create organization/i }).click();
  await page.waitForURL(/\/orgs\/new$/);
  await expect(page.getByRole('heading', { name: 'Create an organization' })).toBeVisible();
  await page.getByLabel('Organization name').fill('Second Org');
  await page.getByRole('button', { name: /create organization/i }).click();
  await page.waitForURL(
    (url) => /\/orgs\/[0-9a-f-]{36}$/.test(url.pathname) && url.href !== firstOrgUrl,
  );
  const secondOrgUrl = page.url();
  await expect(page.getByRole('button', { name: /Second Org/ })).toBeVisible();

  // Switch back to the first, then to the second.
  await page.getByRole('button', { name: /Second Org/ }).click();
  await page.getByRole('menuitem', { name: /Erin & Co/ }).click();
  await page.waitForURL(firstOrgUrl);
  await page.getByRole('button', { name: /Erin & Co/ }).click();
  await page.getByRole('menuitem', { name: /Second Org/ }).click();
  await page.waitForURL(secondOrgUrl);

  // Create an API key in the second organization.
  await page
    .getByRole('navigation', { name: 'Organization' })
    .getByRole('link', { name: 'API keys' })
    .click();
  await page.waitForURL(/\/settings\/api-keys$/);
  await page
    .getByRole('button', { name: /create api key/i })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('CI deploys');
  await dialog.getByRole('button', { name: /create/i }).click();
  const secret = dialog.getByLabel('API key');
  await expect(secret).toBeVisible();
  const key = await secret.inputValue();
  if (!/^sbk_[A-Za-z0-9_-]{20,}$/.test(key)) throw new Error(`unexpected API key shown: ${key}`);
  await dialog.getByRole('button', { name: /copied/i }).click();
  await expect(page.getByRole('cell', { name: 'CI deploys' })).toBeVisible();
}
