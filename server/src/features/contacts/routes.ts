import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import {
  NoContent,
  ORG_ERRORS,
  passThrough,
  problems,
  typed,
} from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import { exportContactsCsv } from './export.js';
import {
  Contact,
  ContactParams,
  CreateContactBody,
  Identity,
  IdentityConflictProblem,
  IdentityInput,
  IdentityParams,
  ListContactsQuery,
  NormalizedIdentity,
  UpdateContactBody,
} from './schemas.js';
import type { ContactsService } from './service.js';

export interface ContactRouteDeps {
  db: Db;
  contacts: ContactsService;
}

const CONFLICT_409 = { 409: IdentityConflictProblem };

export function registerContactRoutes(app: FastifyInstance, deps: ContactRouteDeps) {
  const api = typed(app);
  const tags = ['contacts'];
  api.post(
    '/contacts',
    {
      schema: {
        tags,
        summary:
          'Create a contact. An identity another contact holds is refused with 409 identity_conflict, naming the holder and the remedies.',
        params: OrgParams,
        body: CreateContactBody,
        response: { 201: Contact, ...ORG_ERRORS, ...CONFLICT_409, ...problems(422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      return reply.status(201).send(await deps.contacts.create(ctx, request.body));
    },
  );
  api.get(
    '/contacts',
    {
      schema: {
        tags,
        summary:
          'List contacts, newest first; `query` searches names and identity values, filters by group, channel and suppression',
        params: OrgParams,
        querystring: ListContactsQuery,
        response: { 200: pageOf(Contact), ...ORG_ERRORS },
      },
    },
    (request) => deps.contacts.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.get(
    '/contacts/:contactId',
    {
      schema: {
        tags,
        summary: 'Get a contact',
        params: ContactParams,
        response: { 200: Contact, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.contacts.get(orgContext(request, deps.db, 'viewer'), request.params.contactId),
  );
  api.patch(
    '/contacts/:contactId',
    {
      schema: {
        tags,
        summary: 'Rename a contact or replace its attributes',
        params: ContactParams,
        body: UpdateContactBody,
        response: { 200: Contact, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.contacts.update(
        orgContext(request, deps.db, 'member'),
        request.params.contactId,
        request.body,
      ),
  );
  api.delete(
    '/contacts/:contactId',
    {
      schema: {
        tags,
        summary: 'Delete a contact; its opt-outs stay on the suppression ledger',
        params: ContactParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      await deps.contacts.remove(orgContext(request, deps.db, 'member'), request.params.contactId);
      return reply.status(204).send(null);
    },
  );
  api.post(
    '/contacts/:contactId/identities',
    {
      schema: {
        tags,
        summary: 'Add an identity to a contact (409 identity_conflict if another contact holds it)',
        params: ContactParams,
        body: IdentityInput,
        response: { 201: Identity, ...ORG_ERRORS, ...CONFLICT_409, ...problems(422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      const identity = await deps.contacts.addIdentity(ctx, request.params.contactId, request.body);
      return reply.status(201).send(identity);
    },
  );
  api.delete(
    '/contacts/:contactId/identities/:identityId',
    {
      schema: {
        tags,
        summary: 'Remove an identity from a contact',
        params: IdentityParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'member');
      await deps.contacts.removeIdentity(ctx, request.params.contactId, request.params.identityId);
      return reply.status(204).send(null);
    },
  );
}

/**
 * Normalizing an identity without storing it, for forms. Apart from registerContactRoutes so that
 * app.ts registers it where it always was (after the merge routes): docs/openapi.json keeps its order.
 */
export function registerIdentityRoutes(app: FastifyInstance, deps: ContactRouteDeps) {
  const api = typed(app);
  const tags = ['contacts'];
  api.post(
    '/identities/normalize',
    {
      schema: {
        tags,
        summary:
          'Validate and normalize one identity without storing it (forms show the normalized value as you type)',
        params: OrgParams,
        body: IdentityInput,
        response: { 200: NormalizedIdentity, ...ORG_ERRORS, ...problems(422) },
      },
    },
    async (request) => {
      const { channel } = request.body;
      const ctx = orgContext(request, deps.db, 'viewer');
      const identity = await deps.contacts.normalize(ctx, request.body);
      return { channel, value: identity.value, normalized: identity.normalized };
    },
  );
}

const CsvText = z.string().describe('text/csv');

/**
 * The CSV export. Apart from registerContactRoutes so that app.ts registers it where it always
 * was (after the import routes): docs/openapi.json keeps its order.
 */
export function registerContactExportRoutes(app: FastifyInstance, deps: { db: Db }) {
  const api = typed(app);
  const tags = ['contacts'];
  api.get(
    '/contacts/export.csv',
    {
      schema: {
        tags,
        summary: 'Export contacts (same search and filters as the list) as CSV',
        params: OrgParams,
        querystring: ListContactsQuery.omit({ limit: true, cursor: true }),
        produces: ['text/csv'],
        response: { 200: CsvText, ...ORG_ERRORS, ...problems(413) },
      },
    },
    async (request, reply) => {
      const csv = await exportContactsCsv(orgContext(request, deps.db, 'viewer'), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="contacts.csv"')
        .serializer(passThrough)
        .send(csv);
    },
  );
}
