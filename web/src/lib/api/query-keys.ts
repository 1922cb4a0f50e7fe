/**
 * Every query over one organization's data is keyed under `['orgs', orgId, …]`, so the whole
 * tenant cache can be dropped at once (see `forgetTenantData`).
 */
export const ORG_SCOPE = 'orgs';

export function orgScopedKey<const Parts extends readonly unknown[]>(
  orgId: string,
  ...parts: Parts
) {
  return [ORG_SCOPE, orgId, ...parts] as const;
}
