import { z } from 'zod';
import { ROLES } from '../../db/schema/index.js';
import { defineEvent } from '../../platform/events/outbox.js';

const role = z.enum(ROLES);

export const invitationCreated = defineEvent(
  'invitation.created',
  z.object({ invitationId: z.uuid(), email: z.string(), role }),
);
export const invitationExpired = defineEvent(
  'invitation.expired',
  z.object({ invitationId: z.uuid(), email: z.string() }),
);
export const memberJoined = defineEvent(
  'member.joined',
  z.object({ userId: z.uuid(), role, invitationId: z.uuid().nullable() }),
);
export const memberRoleChanged = defineEvent(
  'member.role_changed',
  z.object({ userId: z.uuid(), from: role, to: role }),
);
export const memberRemoved = defineEvent('member.removed', z.object({ userId: z.uuid(), role }));
