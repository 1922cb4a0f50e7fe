import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import { ContactParams } from '../contacts/index.js';
import type { MergeService } from './merge.service.js';
import {
  ConflictParams,
  ContactMerge,
  IdentityConflict,
  ListConflictsQuery,
  MergeBody,
  MergeParams,
  MergeResult,
  ResolveConflictBody,
  UnmergeResult,
} from './schemas.js';
import type { ConflictsService } from './service.js';

/** Merging two contacts, listing the merges into one, and undoing a merge. */
export function registerContactMergeRoutes(
  app: FastifyInstance,
  deps: { db: Db; contactMerges: MergeService },
) {
  const api = typed(app);
  const tags = ['contacts'];
  api.post(
    '/contacts/:contactId/merge',
    {
      schema: {
        tags,
        summary:
          'Merge another contact into this one: preview (default) or apply. Applying moves identities, groups, opt-outs and later records in one transaction and can be undone until this contact changes.',
        params: ContactParams,
        body: MergeBody,
        response: { 200: MergeResult, ...ORG_ERRORS, ...problems(422) },
      },
    },
    (request) =>
      deps.contactMerges.merge(
        orgContext(request, deps.db, 'member'),
        request.params.contactId,
        request.body,
      ),
  );
  api.get(
    '/contacts/:contactId/merges',
    {
      schema: {
        tags,
        summary: 'Merges into this contact, newest first, and whether each can still be undone',
        params: ContactParams,
        response: { 200: z.object({ items: z.array(ContactMerge) }), ...ORG_ERRORS },
      },
    },
    async (request) => ({
      items: await deps.contactMerges.listMerges(
        orgContext(request, deps.db, 'viewer'),
        request.params.contactId,
      ),
    }),
  );
  api.post(
    '/contact-merges/:mergeId/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge (unmerge): the merged-away contact comes back with what it brought',
        params: MergeParams,
        response: { 200: UnmergeResult, ...ORG_ERRORS, ...problems(409) },
      },
    },
    (request) =>
      deps.contactMerges.unmerge(orgContext(request, deps.db, 'member'), request.params.mergeId),
  );
}

export function registerIdentityConflictRoutes(
  app: FastifyInstance,
  deps: { db: Db; identityConflicts: ConflictsService },
) {
  const api = typed(app);
  const tags = ['contacts'];
  api.get(
    '/identity-conflicts',
    {
      schema: {
        tags,
        summary: 'Identity conflicts and possible duplicates, newest first',
        params: OrgParams,
        querystring: ListConflictsQuery,
        response: { 200: pageOf(IdentityConflict), ...ORG_ERRORS },
      },
    },
    (request) => deps.identityConflicts.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.get(
    '/identity-conflicts/:conflictId',
    {
      schema: {
        tags,
        summary: 'Get one identity conflict',
        params: ConflictParams,
        response: { 200: IdentityConflict, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.identityConflicts.get(orgContext(request, deps.db, 'viewer'), request.params.conflictId),
  );
  api.post(
    '/identity-conflicts/:conflictId/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve a conflict: merge, keep_both (possible duplicates only) or dismiss',
        params: ConflictParams,
        body: ResolveConflictBody,
        response: { 200: IdentityConflict, ...ORG_ERRORS, ...problems(409, 422) },
      },
    },
    (request) =>
      deps.identityConflicts.resolve(
        orgContext(request, deps.db, 'member'),
        request.params.conflictId,
        request.body,
      ),
  );
}
