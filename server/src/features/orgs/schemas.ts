import { z } from 'zod';
import { ROLES } from '../../db/schema/index.js';
import { DisplayName, Timestamp } from '../../platform/http/schemas.js';

export const RoleSchema = z.enum(ROLES);

export const Org = z
  .object({ id: z.uuid(), name: z.string(), createdAt: Timestamp })
  .meta({ id: 'Org' });
export type Org = z.infer<typeof Org>;

export const CreateOrgBody = z.strictObject({ name: DisplayName });
export const UpdateOrgBody = z.strictObject({ name: DisplayName });
