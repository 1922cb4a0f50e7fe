import type { paths } from './api/schema.gen';

type MeBody = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
export type Role = MeBody['memberships'][number]['role'];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Full control, including making and removing other owners',
  admin: 'Manages members, API keys and settings',
  member: 'Works with contacts, templates and messages',
  viewer: 'Read-only access',
};

/** Owners and admins manage members, invitations and API keys (the server enforces it too). */
export function canAdminister(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** Roles `actor` may hand out: only owners create or change owners. */
export function assignableRoles(actor: Role): Role[] {
  return actor === 'owner' ? ['owner', 'admin', 'member', 'viewer'] : ['admin', 'member', 'viewer'];
}
