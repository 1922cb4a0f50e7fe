import { randomUUID } from 'node:crypto';
import { expect, type Page } from './expect.js';

/**
 * A new user signs up with a fresh email and lands on their organization's overview; returns the
 * organization's id. Each page is on screen (and so checked for accessibility) before moving on.
 */
export async function signUp(
  page: Page,
  user: { name: string; emailPrefix: string; org: string },
): Promise<string> {
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Your name').fill(user.name);
  await page
    .getByLabel('Email')
    .fill(`${user.emailPrefix}-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByLabel('Organization name').fill(user.org);
  await page.getByRole('button', { name: /create account|sign up/i }).click();
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `Welcome to ${user.org}` })).toBeVisible();
  return new URL(page.url()).pathname.split('/')[2]!;
}
