import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { templates, templateVersions } from '../../db/schema/index.js';
import { iso } from '../../platform/http/schemas.js';
import type { TemplateSummary, TemplateVersion } from './schemas.js';

type TemplateRow = typeof templates.$inferSelect;
type VersionRow = typeof templateVersions.$inferSelect;

export const toTemplateSummary = (row: TemplateRow): TemplateSummary => ({
  id: row.id,
  name: row.name,
  channel: row.channel,
  latestVersion: row.latestVersion,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const toTemplateVersion = (row: VersionRow): TemplateVersion => ({
  id: row.id,
  templateId: row.templateId,
  version: row.version,
  subject: row.subject,
  body: row.body,
  text: row.text,
  variables: row.variables,
  restoredFrom: row.restoredFrom,
  createdBy: row.createdBy,
  createdAt: iso(row.createdAt),
});

const live = (orgId: string) => and(eq(templates.orgId, orgId), isNull(templates.deletedAt));

export const templatesRepo = {
  async create(db: Executor, values: typeof templates.$inferInsert) {
    const [row] = await db.insert(templates).values(values).returning();
    return row!;
  },

  async addVersion(db: Executor, values: typeof templateVersions.$inferInsert) {
    const [row] = await db.insert(templateVersions).values(values).returning();
    return row!;
  },

  /** A template that has not been deleted, locked for a new version when `forUpdate`. */
  async get(db: Executor, orgId: string, id: string, forUpdate = false) {
    const query = db
      .select()
      .from(templates)
      .where(and(live(orgId), eq(templates.id, id)));
    const [row] = await (forUpdate ? query.for('update') : query);
    return row;
  },

  async list(
    db: Executor,
    orgId: string,
    opts: { limit: number; afterId?: string | undefined; channel?: string | undefined },
  ) {
    return db
      .select()
      .from(templates)
      .where(
        and(
          live(orgId),
          opts.channel ? eq(templates.channel, opts.channel as TemplateRow['channel']) : undefined,
          opts.afterId ? lt(templates.id, opts.afterId) : undefined,
        ),
      )
      .orderBy(desc(templates.id))
      .limit(opts.limit + 1);
  },

  async update(db: Executor, orgId: string, id: string, set: Partial<TemplateRow>) {
    const [row] = await db
      .update(templates)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(templates.orgId, orgId), eq(templates.id, id)))
      .returning();
    return row!;
  },

  async softDelete(db: Executor, orgId: string, id: string) {
    await db
      .update(templates)
      .set({ deletedAt: sql`now()` })
      .where(and(live(orgId), eq(templates.id, id)));
  },

  async version(db: Executor, orgId: string, templateId: string, version: number) {
    const [row] = await db
      .select()
      .from(templateVersions)
      .where(
        and(
          eq(templateVersions.orgId, orgId),
          eq(templateVersions.templateId, templateId),
          eq(templateVersions.version, version),
        ),
      );
    return row;
  },

  /** By id, whether or not its template was deleted: what a pinned send renders. */
  async versionById(db: Executor, orgId: string, versionId: string) {
    const [row] = await db
      .select({ version: templateVersions, channel: templates.channel })
      .from(templateVersions)
      .innerJoin(
        templates,
        and(
          eq(templates.orgId, templateVersions.orgId),
          eq(templates.id, templateVersions.templateId),
        ),
      )
      .where(and(eq(templateVersions.orgId, orgId), eq(templateVersions.id, versionId)));
    return row;
  },

  /** Newest first; the cursor is the last version number seen. */
  async versions(db: Executor, orgId: string, templateId: string, limit: number, before?: number) {
    return db
      .select()
      .from(templateVersions)
      .where(
        and(
          eq(templateVersions.orgId, orgId),
          eq(templateVersions.templateId, templateId),
          before !== undefined ? lt(templateVersions.version, before) : undefined,
        ),
      )
      .orderBy(desc(templateVersions.version))
      .limit(limit + 1);
  },
};
