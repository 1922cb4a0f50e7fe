import type { ApiKeyScope } from '../api/list-api-keys';

export const SCOPES: { value: ApiKeyScope; label: string; description: string }[] = [
  { value: 'read', label: 'Read', description: 'Read contacts, messages and settings' },
  {
    value: 'write',
    label: 'Write',
    description: 'Create and change contacts, templates and sends',
  },
  {
    value: 'admin',
    label: 'Admin',
    description: 'Manage members, API keys and organization settings',
  },
];

export function isScope(value: string): value is ApiKeyScope {
  return SCOPES.some((scope) => scope.value === value);
}
