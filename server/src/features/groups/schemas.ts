import { z } from 'zod';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';
import { PaginationQuery } from '../../platform/pagination.js';

export const Group = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    memberCount: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ContactGroup' });
export type Group = z.infer<typeof Group>;
export const GroupBody = z.strictObject({
  name: DisplayName,
  description: z.string().trim().max(500).default(''),
});
export type GroupBody = z.infer<typeof GroupBody>;
export const UpdateGroupBody = z.strictObject({
  name: DisplayName.optional(),
  description: z.string().trim().max(500).optional(),
});
export type UpdateGroupBody = z.infer<typeof UpdateGroupBody>;
export const GroupParams = z.object({ orgId: z.string(), groupId: z.string() });
export const GroupMembersBody = z.strictObject({ contactIds: z.array(z.uuid()).min(1).max(1000) });
export const GroupMembersResult = z.object({ changed: z.number().int() });
export const ListGroupsQuery = PaginationQuery;
