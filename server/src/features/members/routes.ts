import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { orgContext, requestMeta, requireUser } from '../../platform/auth/plugin.js';
import type { Idempotent } from '../../platform/idempotency.js';
import { NoContent, ORG_ERRORS, problems, typed } from '../../platform/http/route-types.js';
import { OrgParams } from '../../platform/http/schemas.js';
import { PaginationQuery, pageOf } from '../../platform/pagination.js';
import type { InvitationsService } from './invitations.service.js';
import {
  AcceptInvitationResponse,
  CreateInvitationBody,
  CreatedInvitation,
  Invitation,
  InvitationParams,
  InvitationPreview,
  ListInvitationsQuery,
  Member,
  MemberParams,
  TokenParams,
  UpdateMemberBody,
} from './schemas.js';
import type { MembersService } from './service.js';

interface Deps {
  db: Db;
  members: MembersService;
  invitations: InvitationsService;
  idempotent: Idempotent;
}

export function registerMemberRoutes(app: FastifyInstance, deps: Deps) {
  const api = typed(app);
  api.get(
    '/members',
    {
      schema: {
        tags: ['members'],
        summary: 'List members',
        params: OrgParams,
        querystring: PaginationQuery,
        response: { 200: pageOf(Member), ...ORG_ERRORS },
      },
    },
    (request) => deps.members.list(orgContext(request, deps.db, 'viewer'), request.query),
  );
  api.patch(
    '/members/:userId',
    {
      schema: {
        tags: ['members'],
        summary: "Change a member's role (admin; owner roles need an owner)",
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: Member, ...ORG_ERRORS, ...problems(409) },
      },
    },
    (request) =>
      deps.members.changeRole(
        orgContext(request, deps.db, 'admin'),
        request.params.userId,
        request.body.role,
      ),
  );
  api.delete(
    '/members/:userId',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member (admin), or leave the organization (yourself)',
        params: MemberParams,
        response: { 204: NoContent, ...ORG_ERRORS, ...problems(409) },
      },
    },
    async (request, reply) => {
      await deps.members.remove(orgContext(request, deps.db, 'viewer'), request.params.userId);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/invitations',
    {
      schema: {
        tags: ['members'],
        summary: 'Invite someone by email (admin). Supports Idempotency-Key.',
        params: OrgParams,
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation, ...ORG_ERRORS, ...problems(409, 422) },
      },
    },
    async (request, reply) => {
      const ctx = orgContext(request, deps.db, 'admin');
      const result = await deps.idempotent(request, ctx, 201, (c) =>
        deps.invitations.create(c, request.body),
      );
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(result.status as 201).send(result.body);
    },
  );
  api.get(
    '/invitations',
    {
      schema: {
        tags: ['members'],
        summary: 'List invitations (admin), pending by default',
        params: OrgParams,
        querystring: ListInvitationsQuery,
        response: { 200: pageOf(Invitation), ...ORG_ERRORS },
      },
    },
    (request) => deps.invitations.list(orgContext(request, deps.db, 'admin'), request.query),
  );
  api.delete(
    '/invitations/:invitationId',
    {
      schema: {
        tags: ['members'],
        summary: 'Revoke a pending invitation (admin)',
        params: InvitationParams,
        response: { 204: NoContent, ...ORG_ERRORS, ...problems(410) },
      },
    },
    async (request, reply) => {
      await deps.invitations.revoke(
        orgContext(request, deps.db, 'admin'),
        request.params.invitationId,
      );
      return reply.status(204).send(null);
    },
  );
}

/** Invitation links work before the invitee belongs to the org, so they live outside /orgs. */
export function registerInvitationLinkRoutes(app: FastifyInstance, deps: Deps) {
  const api = typed(app);
  api.get(
    '/invitations/:token',
    {
      schema: {
        tags: ['members'],
        summary: 'Preview an invitation by its token (public)',
        params: TokenParams,
        response: { 200: InvitationPreview, ...problems(404) },
      },
    },
    (request) => deps.invitations.preview(request.params.token),
  );
  api.post(
    '/invitations/:token/accept',
    {
      schema: {
        tags: ['members'],
        summary: 'Accept an invitation as the signed-in user',
        params: TokenParams,
        response: { 200: AcceptInvitationResponse, ...problems(401, 403, 404, 409, 410) },
      },
    },
    (request) => {
      const { user } = requireUser(request);
      return deps.invitations.accept(request.params.token, user, requestMeta(request));
    },
  );
}
