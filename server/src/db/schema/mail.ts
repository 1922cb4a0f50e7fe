import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { citext, createdAt, id } from './columns.js';

/**
 * The sandbox mailbox: platform mail (invitations, password resets) delivered here instead of
 * to the internet when the sandbox is on and no transport is configured (decision 032). Instance
 * scoped, not tenant scoped: the sandbox is an embedded-demo feature, off in production.
 */
export const sandboxMail = pgTable(
  'sandbox_mail',
  {
    id: id(),
    fromAddress: text('from_address').notNull(),
    toAddress: citext('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    createdAt: createdAt(),
  },
  (t) => [index('sandbox_mail_to_idx').on(t.toAddress, t.id)],
);
