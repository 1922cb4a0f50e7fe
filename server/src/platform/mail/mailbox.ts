/**
 * The sandbox mailbox's API (decision 036): what the sandbox transport kept instead of sending,
 * for the web app's `/sandbox/mail` page. Mounted under `/sandbox` with the rest of the sandbox,
 * so it exists only where the sandbox runs (never in production), and like the emulators it is
 * open: a password-reset link is read before anyone can sign in. With SMTP or SendGrid set up
 * the sandbox transport is not used and the mailbox stays empty.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { sandboxMail } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { NoContent, problems, typed } from '../http/route-types.js';
import { iso } from '../http/schemas.js';
import { decodeIdCursor, pageOf, PaginationQuery, toPage, UUID_RE } from '../pagination.js';

const MailSummary = z.object({
  id: z.uuid(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  createdAt: z.string(),
});
const Mail = MailSummary.extend({ text: z.string(), html: z.string().nullable() });
const ListQuery = PaginationQuery.extend({ to: z.string().trim().max(254).optional() });

const summary = (row: typeof sandboxMail.$inferSelect) => ({
  id: row.id,
  from: row.fromAddress,
  to: row.toAddress,
  subject: row.subject,
  createdAt: iso(row.createdAt),
});

export function registerSandboxMailbox(app: FastifyInstance, db: Db) {
  const api = typed(app);
  api.get(
    '/_mail',
    {
      schema: {
        hide: true,
        querystring: ListQuery,
        response: { 200: pageOf(MailSummary), ...problems(400) },
      },
    },
    async (request) => {
      const { limit, cursor, to } = request.query;
      const before = decodeIdCursor(cursor);
      const rows = await db
        .select()
        .from(sandboxMail)
        .where(
          and(
            to ? eq(sandboxMail.toAddress, to) : undefined,
            before ? lt(sandboxMail.id, before) : undefined,
          ),
        )
        .orderBy(desc(sandboxMail.id))
        .limit(limit + 1);
      const page = toPage(rows, limit, (r) => r.id);
      return { ...page, items: page.items.map(summary) };
    },
  );
  api.get(
    '/_mail/:mailId',
    {
      schema: {
        hide: true,
        params: z.object({ mailId: z.string() }),
        response: { 200: Mail, ...problems(404) },
      },
    },
    async (request) => {
      const { mailId } = request.params;
      if (!UUID_RE.test(mailId)) throw notFound('Mail');
      const [row] = await db.select().from(sandboxMail).where(eq(sandboxMail.id, mailId));
      if (!row) throw notFound('Mail');
      return { ...summary(row), text: row.text, html: row.html };
    },
  );
  api.delete(
    '/_mail',
    { schema: { hide: true, response: { 204: NoContent } } },
    async (_request, reply) => {
      await db.delete(sandboxMail);
      return reply.status(204).send(null);
    },
  );
}
