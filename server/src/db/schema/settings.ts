import { sql } from 'drizzle-orm';
import { check, customType, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { organizations } from './orgs.js';

/** Raw bytes: PGlite hands back a Uint8Array, `pg` a Buffer; both are read as a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];

/**
 * An organization's logo (at most one), as detected from its bytes. The bytes live here by
 * default (decision 031): the database works the same embedded and on PostgreSQL.
 */
export const orgLogos = pgTable(
  'org_logos',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Lowercase hex SHA-256 of the bytes: the served URL is content-addressed by it. */
    sha256: text('sha256').notNull(),
    contentType: text('content_type').$type<LogoContentType>().notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'org_logos_content_type_check',
      sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp', 'image/gif')`,
    ),
    check('org_logos_sha256_check', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
