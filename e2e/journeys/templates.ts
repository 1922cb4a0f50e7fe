import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

// The journeys compile without the DOM library; this one runs in the page.
declare const getComputedStyle: (element: unknown) => { color: string };

/**
 * A member writes an SMS template: an unknown filter is marked at its line as they type, the
 * live preview shows the SMS segments, they save it, edit it into version 2, and see the diff.
 * Then an email draft: the preview shows the rendered email, styles included, in its frame.
 */
export async function templatesJourney(page: Page) {
  await signUp(page, { name: 'Tom Templates', emailPrefix: 'e2e-t', org: 'Template Co' });

  await page.getByRole('link', { name: 'Templates' }).click();
  await expect(page.getByText('No templates yet')).toBeVisible();
  await page.getByRole('link', { name: 'New template' }).first().click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill('Order shipped');
  await page.getByRole('combobox', { name: 'Channel' }).click();
  await page.getByRole('option', { name: 'SMS' }).click();

  const body = page.getByRole('textbox', { name: 'Message' });
  await body.fill('Hi {{ contact.name }},\norder {{ order_id | upcse }} shipped.');
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).last().fill('order_id');
  await expect(page.getByText('Line 2, column 21:')).toBeVisible();
  await expect(page.getByText('Unknown filter "upcse".')).toBeVisible();

  await body.fill('Hi {{ contact.name }},\norder {{ order_id | upcase }} shipped.');
  await page.getByRole('textbox', { name: 'order_id', exact: true }).fill('a-1001');
  await expect(page.getByText('order A-1001 shipped.', { exact: false })).toBeVisible();
  await expect(page.getByText('1 segment')).toBeVisible();
  await page.getByRole('button', { name: 'Create template' }).click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Version 1', { exact: true })).toBeVisible();

  await body.fill('Hello {{ contact.name }}! Order {{ order_id }} is on its way.');
  await page.getByRole('button', { name: 'Save new version' }).click();
  await expect(page.getByText('Version 2', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: /History/ }).click();
  await page.getByRole('option', { name: /v1/ }).click();
  await expect(page.getByRole('button', { name: 'Restore v1' })).toBeVisible();
  await expect(page.getByText('- Hi {{ contact.name }},')).toBeVisible();

  await page.getByRole('link', { name: 'All templates' }).click();
  await page.waitForURL(/\/templates$/);
  await page.getByRole('link', { name: 'New template' }).first().click();
  await page.getByRole('combobox', { name: 'Channel' }).click();
  await page.getByRole('option', { name: 'Email' }).click();
  await page.getByRole('textbox', { name: 'Subject' }).fill('Your order');
  await page
    .getByRole('textbox', { name: 'HTML body' })
    .fill('<h1 style="color: rgb(200, 0, 0)">Hello {{ contact.name }}</h1>');
  const heading = page
    .frameLocator('iframe[title="Email preview"]')
    .getByRole('heading', { name: /^Hello / });
  await expect(heading).toBeVisible();
  const color = await heading.evaluate((el) => getComputedStyle(el).color);
  if (color !== 'rgb(200, 0, 0)') throw new Error(`the preview lost the email's style: ${color}`);

  // Leaving the unsaved template asks first: Stay keeps the work, then leaving discards it.
  await page.getByRole('link', { name: 'All templates' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Stay' }).click();
  await expect(page.getByRole('textbox', { name: 'Subject' })).toBeVisible();
  if (!page.url().endsWith('/templates/new')) throw new Error(`Stay left the page: ${page.url()}`);
  await page.getByRole('link', { name: 'All templates' }).click();
  await leave.getByRole('button', { name: 'Leave without saving' }).click();
  await page.waitForURL(/\/templates$/);
}
