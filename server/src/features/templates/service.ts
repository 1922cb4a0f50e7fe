import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { organizations } from '../../db/schema/index.js';
import { auditInOrg } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { AppError, notFound, type FieldError } from '../../platform/errors.js';
import { emitEvent } from '../../platform/events/outbox.js';
import {
  decodeCursor,
  decodeIdCursor,
  encodeCursor,
  invalidCursor,
  toPage,
  UUID_RE,
  type Page,
} from '../../platform/pagination.js';
import { requireRole, withTransaction, type OrgContext } from '../../platform/tenancy.js';
import { templateDeleted, templateVersionCreated } from './events.js';
import type { TemplateIssue } from './issues.js';
import type { TemplateOrg, TemplateVersionContent } from './render.js';
import type { TemplateRenderer } from './renderer.js';
import { templatesRepo, toTemplateSummary, toTemplateVersion } from './repo.js';
import type {
  CreateTemplateBody,
  PreviewTemplateBody,
  Template,
  TemplateSummary,
  TemplateVersion,
  UpdateTemplateBody,
} from './schemas.js';
import type { TemplateDraft, ValidationResult } from './validator.js';
import {
  SAMPLE_CONTACT,
  SAMPLE_UNSUBSCRIBE_URL,
  type Channel,
  type ContactForTemplate,
  type DeclaredVariable,
} from './variables.js';

/** What templates need from contacts: the fields a template may show, or null if not found. */
export interface ContactsForTemplates {
  loadForTemplate(ctx: OrgContext, contactId: string): Promise<ContactForTemplate | null>;
}

export interface TemplatesServiceDeps {
  contacts: ContactsForTemplates;
  /** Validation and rendering, off the event loop and bounded (renderer.ts). */
  renderer: Pick<TemplateRenderer, 'validate' | 'withSlot'>;
  /** The org as templates see it (`org.*`) and its SMS segment limit, from its settings. */
  orgs?: { forTemplates(tx: Tx, orgId: string): Promise<OrgForTemplates> };
}

export interface OrgForTemplates {
  org: TemplateOrg;
  /** Most SMS segments a template may render to (the org's `smsMaxSegments`; default 10). */
  maxSmsSegments: number | undefined;
}

type Content = Pick<TemplateDraft, 'subject' | 'body' | 'text'> & { variables: DeclaredVariable[] };

/** JSON with sorted keys: jsonb does not keep the key order a client sent. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const sameContent = (a: Content, b: Content) =>
  (a.subject ?? null) === (b.subject ?? null) &&
  a.body === b.body &&
  (a.text || null) === (b.text || null) &&
  canonical(a.variables) === canonical(b.variables);

function templateInvalid(result: ValidationResult): AppError {
  const n = result.errors.length;
  return new AppError(
    'template_invalid',
    `The template has ${n} ${n === 1 ? 'error' : 'errors'}.`,
    {
      errors: result.errors as (TemplateIssue & FieldError)[],
      extra: { warnings: result.warnings },
    },
  );
}

/** Without settings wired in: the org's name, no logo, and its SMS segment limit. */
async function orgFromTable(tx: Tx, orgId: string): Promise<OrgForTemplates> {
  const [org] = await tx
    .select({ name: organizations.name, smsMaxSegments: organizations.smsMaxSegments })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return {
    org: { name: org?.name ?? '', logo_url: '' },
    maxSmsSegments: org?.smsMaxSegments,
  };
}

export function createTemplatesService(deps: TemplatesServiceDeps) {
  const orgOf = (tx: Tx, orgId: string) =>
    deps.orgs ? deps.orgs.forTemplates(tx, orgId) : orgFromTable(tx, orgId);

  /**
   * Throws `template_invalid` with every error of the content (validated in the pool), under the
   * org's SMS segment limit; `tx` when the caller's transaction is open.
   */
  async function mustBeValid(ctx: OrgContext, channel: Channel, content: Content, tx?: Tx) {
    const { maxSmsSegments } = tx
      ? await orgOf(tx, ctx.orgId)
      : await ctx.run((t) => orgOf(t, ctx.orgId));
    const result = await deps.renderer.validate(
      ctx.orgId,
      { channel, ...content },
      { maxSmsSegments },
    );
    if (!result.valid) throw templateInvalid(result);
  }

  /** Stores version `latest + 1` (or the first) of content already validated, and records it. */
  async function saveVersion(
    tx: Tx,
    ctx: OrgContext,
    template: { id: string; channel: Channel; latestVersion: number },
    content: Content,
    version: number,
    restoredFrom: number | null,
  ) {
    const row = await templatesRepo.addVersion(tx, {
      orgId: ctx.orgId,
      templateId: template.id,
      version,
      subject: template.channel === 'email' ? (content.subject ?? null) : null,
      body: content.body,
      text: template.channel === 'email' ? content.text || null : null,
      variables: content.variables,
      restoredFrom,
      createdBy: ctx.userId ?? null,
    });
    await emitEvent(tx, templateVersionCreated, ctx.orgId, {
      templateId: template.id,
      versionId: row.id,
      version,
    });
    return row;
  }

  async function loadTemplate(tx: Tx, ctx: OrgContext, id: string, forUpdate = false) {
    if (!UUID_RE.test(id)) throw notFound('Template');
    const template = await templatesRepo.get(tx, ctx.orgId, id, forUpdate);
    if (!template) throw notFound('Template');
    return template;
  }

  async function withLatest(
    tx: Tx,
    ctx: OrgContext,
    template: Awaited<ReturnType<typeof loadTemplate>>,
  ): Promise<Template> {
    const current = await templatesRepo.version(tx, ctx.orgId, template.id, template.latestVersion);
    return { ...toTemplateSummary(template), current: toTemplateVersion(current!) };
  }

  return {
    /** The validate endpoint: a draft, checked and previewed, nothing saved. */
    async validate(
      ctx: OrgContext,
      draft: TemplateDraft & { sampleValues?: Record<string, unknown> | undefined },
    ) {
      const { sampleValues, ...rest } = draft;
      // The org's place is taken first: a busy answer costs no database work.
      return deps.renderer.withSlot(ctx.orgId, async (slot) => {
        const { org, maxSmsSegments } = await ctx.run((tx) => orgOf(tx, ctx.orgId));
        return slot.validate(rest, { maxSmsSegments, sampleValues, org });
      });
    },

    async create(ctx: OrgContext, input: CreateTemplateBody): Promise<Template> {
      requireRole(ctx, 'member');
      const content = {
        subject: input.subject,
        body: input.body,
        text: input.text,
        variables: input.variables,
      };
      // Before the transaction: nothing waits on the database while the content is checked.
      await mustBeValid(ctx, input.channel, content);
      return ctx.run(async (tx) => {
        let template;
        try {
          template = await templatesRepo.create(tx, {
            orgId: ctx.orgId,
            name: input.name,
            channel: input.channel,
            latestVersion: 1,
            createdBy: ctx.userId ?? null,
          });
        } catch (e) {
          if (isUniqueViolation(e, 'templates_org_id_name_live')) throw nameTaken(input.name);
          throw e;
        }
        const version = await saveVersion(tx, ctx, template, content, 1, null);
        await auditInOrg(tx, ctx, {
          action: 'template.created',
          targetType: 'template',
          targetId: template.id,
          metadata: { name: template.name, channel: template.channel, versionId: version.id },
        });
        return { ...toTemplateSummary(template), current: toTemplateVersion(version) };
      });
    },

    list(
      ctx: OrgContext,
      query: { limit: number; cursor?: string | undefined; channel?: Channel | undefined },
    ): Promise<Page<TemplateSummary>> {
      const afterId = decodeIdCursor(query.cursor);
      return ctx.run(async (tx) => {
        const rows = await templatesRepo.list(tx, ctx.orgId, {
          limit: query.limit,
          afterId,
          channel: query.channel,
        });
        const page = toPage(rows, query.limit, (r) => r.id);
        return { ...page, items: page.items.map(toTemplateSummary) };
      });
    },

    get(ctx: OrgContext, id: string): Promise<Template> {
      return ctx.run(async (tx) => withLatest(tx, ctx, await loadTemplate(tx, ctx, id)));
    },

    /** Content changes create a new version; a rename alone does not. */
    update(ctx: OrgContext, id: string, input: UpdateTemplateBody): Promise<Template> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        let template = await loadTemplate(tx, ctx, id, true);
        const latest = (await templatesRepo.version(tx, ctx.orgId, id, template.latestVersion))!;
        const content: Content = {
          subject: input.subject !== undefined ? input.subject : latest.subject,
          body: input.body ?? latest.body,
          text: input.text !== undefined ? input.text : latest.text,
          variables: input.variables ?? latest.variables,
        };
        const changed = !sameContent(content, latest);
        if (changed) {
          await mustBeValid(ctx, template.channel, content, tx);
          const version = await saveVersion(
            tx,
            ctx,
            template,
            content,
            template.latestVersion + 1,
            null,
          );
          template = await templatesRepo.update(tx, ctx.orgId, id, {
            latestVersion: version.version,
          });
        }
        const newName = input.name;
        const renamed = newName !== undefined && newName !== template.name;
        if (renamed) {
          try {
            template = await templatesRepo.update(tx, ctx.orgId, id, { name: newName });
          } catch (e) {
            if (isUniqueViolation(e, 'templates_org_id_name_live')) throw nameTaken(newName);
            throw e;
          }
        }
        if (changed || renamed) {
          await auditInOrg(tx, ctx, {
            action: 'template.updated',
            targetType: 'template',
            targetId: id,
            metadata: {
              name: template.name,
              version: template.latestVersion,
              contentChanged: changed,
            },
          });
        }
        return withLatest(tx, ctx, template);
      });
    },

    /** Archives: gone from lists and the API, while versions pinned by sends stay readable. */
    remove(ctx: OrgContext, id: string): Promise<void> {
      requireRole(ctx, 'member');
      return ctx.run(async (tx) => {
        const template = await loadTemplate(tx, ctx, id, true);
        await templatesRepo.softDelete(tx, ctx.orgId, id);
        await auditInOrg(tx, ctx, {
          action: 'template.deleted',
          targetType: 'template',
          targetId: id,
          metadata: { name: template.name, channel: template.channel },
        });
        await emitEvent(tx, templateDeleted, ctx.orgId, { templateId: id });
      });
    },

    versions(
      ctx: OrgContext,
      id: string,
      query: { limit: number; cursor?: string | undefined },
    ): Promise<Page<TemplateVersion>> {
      let before: number | undefined;
      if (query.cursor !== undefined) {
        const [n] = decodeCursor(query.cursor, 1);
        if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidCursor();
        before = n;
      }
      return ctx.run(async (tx) => {
        await loadTemplate(tx, ctx, id);
        const rows = await templatesRepo.versions(tx, ctx.orgId, id, query.limit, before);
        const hasMore = rows.length > query.limit;
        const items = rows.slice(0, query.limit);
        return {
          items: items.map(toTemplateVersion),
          nextCursor: hasMore ? encodeCursor([items.at(-1)!.version]) : null,
        };
      });
    },

    /** A new version with an old version's content (checked against today's rules). */
    restore(ctx: OrgContext, id: string, versionId: string): Promise<Template> {
      requireRole(ctx, 'member');
      if (!UUID_RE.test(versionId)) throw notFound('Template version');
      return ctx.run(async (tx) => {
        let template = await loadTemplate(tx, ctx, id, true);
        const old = await templatesRepo.versionById(tx, ctx.orgId, versionId);
        if (!old || old.version.templateId !== id) throw notFound('Template version');
        const latest = (await templatesRepo.version(tx, ctx.orgId, id, template.latestVersion))!;
        if (!sameContent(old.version, latest)) {
          await mustBeValid(ctx, template.channel, old.version, tx);
          const version = await saveVersion(
            tx,
            ctx,
            template,
            old.version,
            template.latestVersion + 1,
            old.version.version,
          );
          template = await templatesRepo.update(tx, ctx.orgId, id, {
            latestVersion: version.version,
          });
          await auditInOrg(tx, ctx, {
            action: 'template.restored',
            targetType: 'template',
            targetId: id,
            metadata: { name: template.name, from: old.version.version, version: version.version },
          });
        }
        return withLatest(tx, ctx, template);
      });
    },

    /**
     * Renders a saved version as a send would: with the given values (or a contact's data), defaults
     * filling optional variables, and `template_missing_variable` for missing required ones.
     */
    preview(ctx: OrgContext, id: string, input: PreviewTemplateBody) {
      return deps.renderer.withSlot(ctx.orgId, async (slot) => {
        const { version, contact, org } = await ctx.run(async (tx) => {
          const template = await loadTemplate(tx, ctx, id);
          const row = await templatesRepo.version(
            tx,
            ctx.orgId,
            id,
            input.version ?? template.latestVersion,
          );
          if (!row) throw notFound('Template version');
          let contact: ContactForTemplate | typeof SAMPLE_CONTACT = SAMPLE_CONTACT;
          if (input.contactId) {
            const found = await deps.contacts.loadForTemplate(
              withTransaction(ctx, tx),
              input.contactId,
            );
            if (!found) throw notFound('Contact');
            contact = found;
          }
          return {
            version: { ...row, channel: template.channel },
            contact,
            org: (await orgOf(tx, ctx.orgId)).org,
          };
        });
        // Outside the transaction: the render runs in the pool while the database serves others.
        const rendered = await slot.render(version, input.variables, {
          org,
          contact,
          unsubscribeUrl: SAMPLE_UNSUBSCRIBE_URL,
        });
        const declared = new Set(version.variables.map((v) => v.name));
        const warnings: TemplateIssue[] = Object.keys(input.variables)
          .filter((name) => !declared.has(name))
          .map((name) => ({
            code: 'template_extra_variable',
            path: `variables.${name}`,
            message: `"${name}" is not declared by this version and was ignored.`,
          }));
        return { ...rendered, warnings };
      });
    },

    /**
     * For messaging: the pinned version to render with the renderer, found by id even when its
     * template has since been deleted.
     */
    getVersionForSend(
      ctx: OrgContext,
      versionId: string,
    ): Promise<TemplateVersionContent & { templateId: string; version: number }> {
      if (!UUID_RE.test(versionId)) throw notFound('Template version');
      return ctx.run(async (tx) => {
        const row = await templatesRepo.versionById(tx, ctx.orgId, versionId);
        if (!row) throw notFound('Template version');
        return { ...row.version, channel: row.channel };
      });
    },
  };
}

const nameTaken = (name: string) =>
  new AppError('template_name_taken', `A template named "${name}" already exists.`, {
    errors: [{ path: 'name', message: 'is already used by another template' }],
  });

export type TemplatesService = ReturnType<typeof createTemplatesService>;
