import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext } from '../../platform/auth/plugin.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { pageOf } from '../../platform/pagination.js';
import {
  Group,
  GroupBody,
  GroupMembersBody,
  GroupMembersResult,
  GroupParams,
  ListGroupsQuery,
  UpdateGroupBody,
} from './schemas.js';
import type { GroupsService } from './service.js';

export function registerGroupRoutes(
  app: FastifyInstance,
  deps: { db: Db; contactGroups: GroupsService },
) {
  const api = typed(app);
  const tags = ['groups'];
  api.get(
    '/groups',
    {
      schema: {
        tags,
        summary: 'List contact groups',
        params: OrgParams,
        querystring: ListGroupsQuery,
        response: { 200: pageOf(Group), ...ORG_ERRORS },
      },
    },
    (request) => deps.contactGroups.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.post(
    '/groups',
    {
      schema: {
        tags,
        summary: 'Create a contact group',
        params: OrgParams,
        body: GroupBody,
        response: { 201: Group, ...ORG_ERRORS, ...problems(409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await deps.contactGroups.create(orgContext(request, deps.db, 'member'), request.body),
        ),
  );
  api.get(
    '/groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Get a contact group',
        params: GroupParams,
        response: { 200: Group, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.contactGroups.get(orgContext(request, deps.db, 'viewer'), request.params.groupId),
  );
  api.patch(
    '/groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Rename or describe a contact group',
        params: GroupParams,
        body: UpdateGroupBody,
        response: { 200: Group, ...ORG_ERRORS, ...problems(409) },
      },
    },
    (request) =>
      deps.contactGroups.update(
        orgContext(request, deps.db, 'member'),
        request.params.groupId,
        request.body,
      ),
  );
  api.delete(
    '/groups/:groupId',
    {
      schema: {
        tags,
        summary: 'Delete a contact group (its contacts stay)',
        params: GroupParams,
        response: { 204: NoContent, ...ORG_ERRORS },
      },
    },
    async (request, reply) => {
      await deps.contactGroups.remove(
        orgContext(request, deps.db, 'member'),
        request.params.groupId,
      );
      return reply.status(204).send(null);
    },
  );
  api.post(
    '/groups/:groupId/members',
    {
      schema: {
        tags,
        summary: 'Add up to 1000 contacts to a group; returns how many were added',
        params: GroupParams,
        body: GroupMembersBody,
        response: { 200: GroupMembersResult, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.contactGroups.addMembers(
        orgContext(request, deps.db, 'member'),
        request.params.groupId,
        request.body.contactIds,
      ),
  );
  api.post(
    '/groups/:groupId/members/remove',
    {
      schema: {
        tags,
        summary: 'Remove up to 1000 contacts from a group; returns how many were removed',
        params: GroupParams,
        body: GroupMembersBody,
        response: { 200: GroupMembersResult, ...ORG_ERRORS },
      },
    },
    (request) =>
      deps.contactGroups.removeMembers(
        orgContext(request, deps.db, 'member'),
        request.params.groupId,
        request.body.contactIds,
      ),
  );
}
