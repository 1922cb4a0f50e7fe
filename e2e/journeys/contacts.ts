import { expect, type Page } from './expect.js';
import { signUp } from './sign-up.js';

/**
 * A member creates a contact and sees each identity's stored form as they type, is refused a
 * second contact with the same email by a message naming the holder and the ways out, merges a
 * cross-channel duplicate from the conflicts inbox after previewing it field by field, and opts
 * the merged contact out of everything.
 */
export async function contactsJourney(page: Page) {
  await signUp(page, { name: 'Cora Contacts', emailPrefix: 'e2e-c', org: 'Contact Co' });
  const nav = page.getByRole('navigation', { name: 'Organization' });

  await nav.getByRole('link', { name: 'Contacts', exact: true }).click();
  await expect(page.getByText('No contacts yet')).toBeVisible();

  // A contact with an email and a phone number; the normalized values show as they are typed.
  await page.getByRole('button', { name: 'New contact' }).click();
  let dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
  await dialog.getByRole('textbox', { name: 'Value of identity 1' }).fill('Ada@Example.COM');
  await expect(dialog.getByText('Saved as Ada@example.com')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add identity' }).click();
  await dialog.getByRole('textbox', { name: 'Value of identity 2' }).fill('(415) 555-0100');
  await dialog.getByRole('textbox', { name: 'Region of identity 2' }).fill('us');
  await expect(dialog.getByText('Saved as +14155550100')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create contact' }).click();
  await expect(page.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();

  // The same email again: the form names the holder and the ways forward before saving. (The
  // server's 409 with the same remedies is covered by the API tests: Chromium logs every 4xx
  // response as a console error, which this run counts as a failure.)
  await page.getByRole('button', { name: 'New contact' }).click();
  dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Ada Again');
  await dialog.getByRole('textbox', { name: 'Value of identity 1' }).fill('ADA@example.com');
  const alert = dialog.getByRole('alert');
  await expect(alert.getByText('Already belongs to Ada Lovelace')).toBeVisible();
  await expect(alert.getByRole('link', { name: 'Open Ada Lovelace' })).toBeVisible();
  await expect(
    alert.getByText('add the other details to Ada Lovelace there', { exact: false }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The same number on WhatsApp under another name: allowed, flagged as a possible duplicate.
  await page.getByRole('button', { name: 'New contact' }).click();
  dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Countess of Lovelace');
  await dialog.getByRole('combobox', { name: 'Channel of identity 1' }).click();
  await page.getByRole('option', { name: 'WhatsApp' }).click();
  await dialog.getByRole('textbox', { name: 'Value of identity 1' }).fill('+1 415 555 0100');
  await expect(dialog.getByText('Saved as +14155550100')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create contact' }).click();
  await expect(page.getByRole('link', { name: 'Countess of Lovelace' })).toBeVisible();

  // The conflicts inbox: preview the merge, keep the other name, apply it.
  await nav.getByRole('link', { name: 'Conflicts' }).click();
  await expect(page.getByText('Possible duplicate')).toBeVisible();
  await page.getByRole('button', { name: 'Preview merge' }).click();
  await expect(page.getByText('After the merge')).toBeVisible();
  await page.getByRole('radio', { name: 'Countess of Lovelace' }).check();
  await expect(page.getByText('After the merge: Countess of Lovelace')).toBeVisible();
  await page.getByRole('button', { name: 'Apply merge' }).click();
  await expect(page.getByText('Contacts merged')).toBeVisible();
  await expect(page.getByText('Nothing to review')).toBeVisible();

  await nav.getByRole('link', { name: 'Groups' }).click();
  await expect(page.getByText('No groups yet')).toBeVisible();
  await page.getByRole('textbox', { name: 'New group name' }).fill('Newsletter');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('link', { name: 'Newsletter' })).toBeVisible();

  // The merged contact: both identities, one name; opt it out of everything.
  await nav.getByRole('link', { name: 'Contacts', exact: true }).click();
  await page.getByRole('link', { name: 'Countess of Lovelace' }).click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(
    page.getByRole('cell', { name: 'whatsapp' }).or(page.getByText('WhatsApp')),
  ).toBeVisible();
  await expect(
    page.getByText('Merged “Countess of Lovelace” into this contact', { exact: false }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Suppress on all channels' }).click();
  await expect(page.getByText('All channels · whole contact · Manual')).toBeVisible();
  await expect(page.getByText('Suppressed', { exact: true })).toBeVisible();

  // Edit the name and an attribute.
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit contact' });
  await edit.getByRole('textbox', { name: 'Name' }).fill('Ada, Countess of Lovelace');
  await edit.getByRole('button', { name: 'Add attribute' }).click();
  await edit.getByRole('textbox', { name: 'Attribute 1 key' }).fill('company');
  await edit.getByRole('textbox', { name: 'Attribute 1 value' }).fill('Analytical Engines');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Ada, Countess of Lovelace' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Analytical Engines' })).toBeVisible();

  // Remove the WhatsApp identity, after confirming.
  await page.getByRole('button', { name: 'Remove WhatsApp +14155550100' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove identity' }).click();
  await page
    .getByRole('button', { name: 'Remove WhatsApp +14155550100' })
    .waitFor({ state: 'detached', timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Remove Phone (SMS) +14155550100' })).toBeVisible();

  // Into a group and out again.
  await page.getByRole('combobox', { name: 'Group to add this contact to' }).click();
  await page.getByRole('option', { name: 'Newsletter' }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).last().click();
  await page.getByRole('button', { name: 'Remove from Newsletter' }).click();
  await expect(page.getByText('In no group.')).toBeVisible();

  // Delete it, after confirming; its opt-out stays in the ledger.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete contact' }).click();
  await page.waitForURL(/\/contacts$/);
  await expect(page.getByText('No contacts yet')).toBeVisible();
  await nav.getByRole('link', { name: 'Suppressions' }).click();
  await expect(page.getByText('Manual').first()).toBeVisible();
}
