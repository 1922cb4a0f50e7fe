import type { ApiKeyScope, Role } from '../../db/schema/index.js';

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const roleAtLeast = (role: Role, minimum: Role) => RANK[role] >= RANK[minimum];

/** An API key acts with the role its broadest scope grants; keys can never act as owner. */
export function roleForScopes(scopes: readonly ApiKeyScope[]): Role {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('write')) return 'member';
  return 'viewer';
}
