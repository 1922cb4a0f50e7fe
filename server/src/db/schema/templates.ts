import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { createdAt, id, updatedAt } from './columns.js';
import { organizations } from './orgs.js';

export const TEMPLATE_CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'instagram'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** A declared variable as stored on a version (checked by the templates validator). */
export interface StoredTemplateVariable {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'url' | 'list' | 'object';
  required: boolean;
  default?: unknown;
  description?: string;
}

/**
 * A template is a name and a channel; its content lives in immutable versions. Deleting a
 * template archives it (`deleted_at`): versions that sends pinned stay readable forever.
 */
export const templates = pgTable(
  'templates',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    channel: text('channel').$type<TemplateChannel>().notNull(),
    latestVersion: integer('latest_version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('templates_org_id_name_live')
      .on(t.orgId, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
    unique('templates_org_id_id').on(t.orgId, t.id),
    check(
      'templates_channel_check',
      sql`${t.channel} in ('email', 'sms', 'whatsapp', 'telegram', 'instagram')`,
    ),
  ],
);

export const templateVersions = pgTable(
  'template_versions',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    templateId: uuid('template_id').notNull(),
    version: integer('version').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    text: text('text'),
    variables: jsonb('variables').$type<StoredTemplateVariable[]>().notNull(),
    /** The version this one was restored from, if any. */
    restoredFrom: integer('restored_from'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('template_versions_org_id_template_id_version').on(
      t.orgId,
      t.templateId,
      t.version,
    ),
    index('template_versions_org_id_id').on(t.orgId, t.id),
    foreignKey({
      name: 'template_versions_template_fk',
      columns: [t.orgId, t.templateId],
      foreignColumns: [templates.orgId, templates.id],
    }),
  ],
);
