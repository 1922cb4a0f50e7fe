import { randomUUID } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { expect, type Page } from './expect.js';

// The journeys compile without the DOM library; these run in the page.
declare const document: {
  activeElement: unknown;
  body: unknown;
  documentElement: { getAttribute(name: string): string | null };
};
declare const getComputedStyle: (element: unknown) => Record<string, string>;

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus: the way a keyboard user reaches it.
 * Fails when it is not reached within `max` presses (not in the tab order, or trapped elsewhere).
 */
async function tabTo(page: Page, target: Locator, { backward = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backward ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${String(target)} not reached with ${max} presses of Tab`);
}

async function expectFocused(target: Locator, what: string) {
  await target.waitFor();
  if (!(await target.evaluate((el) => el === document.activeElement))) {
    throw new Error(`the focus is not on ${what}`);
  }
}

/** In an open combobox, arrow down to the option (however far the highlight starts), Enter. */
async function chooseOption(page: Page, option: Locator) {
  await page.keyboard.press('ArrowDown');
  await option.waitFor();
  for (let i = 0; i < 10 && !(await option.getAttribute('data-combobox-selected')); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

function contrast(a: string, b: string): number {
  const lum = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The focused control shows a solid ring of 2px or more, 3:1 against the page, in both schemes. */
async function expectFocusRing(page: Page, what: string) {
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction(
      (s) => document.documentElement.getAttribute('data-mantine-color-scheme') === s,
      scheme,
    );
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return {
        style: style.outlineStyle!,
        width: parseFloat(style.outlineWidth!),
        color: style.outlineColor!,
        page: getComputedStyle(document.body).backgroundColor!,
      };
    });
    const ratio = contrast(ring.color, ring.page);
    if (ring.style !== 'solid' || ring.width < 2 || ratio < 3) {
      throw new Error(
        `no visible focus ring on ${what} (${scheme}): ${ring.width}px ${ring.style} ` +
          `${ring.color} on ${ring.page}, ${ratio.toFixed(2)}:1`,
      );
    }
  }
}

/**
 * A new user does everything from the keyboard, never the mouse: signs up, connects the sandbox,
 * creates a contact and sends them a one-off email, then opens its history. Escape closes each
 * dialog and drawer and puts the focus back on what opened it; the focus ring shows in both
 * schemes.
 */
export async function keyboardJourney(page: Page) {
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await tabTo(page, page.getByLabel('Your name'));
  await page.keyboard.type('Kim Keyboard');
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(`e2e-k-${randomUUID().slice(0, 8)}@example.com`);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type('a long enough password');
  await tabTo(page, page.getByLabel('Organization name'));
  await page.keyboard.type('Keyboard Co');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Keyboard Co' })).toBeVisible();

  // The first stop skips the header and the navigation.
  await tabTo(page, page.getByRole('link', { name: 'Skip to main content' }), { max: 1 });

  const nav = page.getByRole('navigation', { name: 'Organization' });
  await tabTo(page, nav.getByRole('link', { name: 'Integrations' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('No providers connected yet')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Try the sandbox' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'SendGrid (sandbox)', exact: true })).toBeVisible();

  await tabTo(page, nav.getByRole('link', { name: 'Contacts', exact: true }), { backward: true });
  await page.keyboard.press('Enter');
  await expect(page.getByText('No contacts yet')).toBeVisible();
  const newContact = page.getByRole('button', { name: 'New contact' }).first();
  await tabTo(page, newContact);
  await expectFocusRing(page, 'the New contact button');

  // Escape closes the dialog and gives the focus back to the button that opened it.
  await page.keyboard.press('Enter');
  let dialog = page.getByRole('dialog', { name: 'New contact' });
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeVisible();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expectFocused(newContact, 'the New contact button after Escape');

  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog', { name: 'New contact' });
  await tabTo(page, dialog.getByRole('textbox', { name: 'Name' }));
  await page.keyboard.type('Ada Keys');
  await tabTo(page, dialog.getByRole('textbox', { name: 'Value of identity 1' }));
  await page.keyboard.type('ada.keys@example.com');
  await expect(dialog.getByText('Saved as ada.keys@example.com')).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: 'Create contact' }));
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  const contactLink = page.getByRole('link', { name: 'Ada Keys' });
  await expect(contactLink).toBeVisible();

  await tabTo(page, contactLink);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Ada Keys' })).toBeVisible();

  // A one-off email: the integration picked from the list with the arrow keys.
  const sendButton = page.getByRole('button', { name: 'Send a message' });
  await tabTo(page, sendButton);
  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog', { name: 'Send a message' });
  const integration = dialog.getByRole('combobox', { name: 'Integration' });
  await expect(integration).toBeVisible();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expectFocused(sendButton, 'the Send a message button after Escape');
  await page.keyboard.press('Enter');
  await tabTo(page, integration);
  await chooseOption(page, page.getByRole('option', { name: 'SendGrid (sandbox)' }));
  await tabTo(page, dialog.getByRole('textbox', { name: 'Subject' }));
  await page.keyboard.type('Your order');
  await tabTo(page, dialog.getByRole('textbox', { name: 'Message' }));
  await page.keyboard.type('Hello Ada, your order is on its way.');
  await tabTo(page, dialog.getByRole('button', { name: 'Send' }));
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await expect(page.getByText('Message queued')).toBeVisible();

  // Its history opens from the conversation, and Escape brings the focus back to it.
  const sent = page.getByRole('button', { name: /Sent Email message, show history/ });
  await expect(sent.getByText('Hello Ada, your order is on its way.')).toBeVisible();
  await tabTo(page, sent);
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: 'Message' });
  await expect(drawer.getByText('Hello Ada, your order is on its way.')).toBeVisible();
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  await expectFocused(sent, 'the message after Escape closed its history');
}
