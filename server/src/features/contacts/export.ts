import { stringify } from 'csv-stringify/sync';
import { CHANNELS } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import { toPage, type PageRequest } from '../../platform/pagination.js';
import { requireRole, type OrgContext } from '../../platform/tenancy.js';
import { contactsRepo, toContacts } from './repo.js';
import type { Contact, ListContactsQuery } from './schemas.js';

export const EXPORT_MAX_CONTACTS = 200_000;
const EXPORT_BATCH = 1000;

/**
 * Spreadsheet formula injection: a cell starting with = @ or a tab/CR, or + / - followed by
 * anything but a number, is prefixed with ' so it is shown, not evaluated. E.164 numbers stay.
 */
export function safeCell(value: string): string {
  return /^[=@\t\r]/.test(value) || /^[+-](?![\d\s().-]*$)/.test(value) ? `'${value}` : value;
}

/** The filtered contacts as CSV: one column per channel (values joined by "; "), then attributes. */
export async function exportContactsCsv(
  ctx: OrgContext,
  filters: Omit<ListContactsQuery, 'limit' | 'cursor'>,
): Promise<string> {
  requireRole(ctx, 'viewer');
  const all: Contact[] = [];
  await ctx.run(async (tx) => {
    let page: PageRequest = { after: undefined, limit: EXPORT_BATCH };
    for (;;) {
      const rows = await contactsRepo.list(tx, ctx.orgId, filters, page);
      const batch = toPage(rows, page.limit, (r) => r.id);
      all.push(...(await toContacts(tx, ctx.orgId, batch.items)));
      if (all.length > EXPORT_MAX_CONTACTS) {
        throw new AppError(
          'payload_too_large',
          `More than ${EXPORT_MAX_CONTACTS} contacts match: narrow the export with a search or filter.`,
        );
      }
      if (!batch.nextCursor) break;
      page = { after: [batch.items.at(-1)!.id], limit: EXPORT_BATCH };
    }
  });
  const attributeKeys = [...new Set(all.flatMap((c) => Object.keys(c.attributes)))].sort();
  const header = ['id', 'name', ...CHANNELS, 'suppressed', 'created_at', ...attributeKeys];
  const lines = all.map((c) => [
    c.id,
    c.name,
    ...CHANNELS.map((ch) =>
      c.identities
        .filter((i) => i.channel === ch)
        .map((i) => i.normalized)
        .join('; '),
    ),
    c.suppressed ? 'yes' : 'no',
    c.createdAt,
    ...attributeKeys.map((k) => c.attributes[k] ?? ''),
  ]);
  return stringify([header, ...lines.map((l) => l.map(safeCell))]);
}
