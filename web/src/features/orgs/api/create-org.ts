import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';

export type CreateOrgInput =
  paths['/api/v1/orgs']['post']['requestBody']['content']['application/json'];
export type Org = paths['/api/v1/orgs']['post']['responses'][201]['content']['application/json'];

export function createOrg(input: CreateOrgInput) {
  return unwrap(api.POST('/api/v1/orgs', { body: input }));
}

/** `onSuccess` is awaited while the mutation is still pending (e.g. to refresh the session). */
export function useCreateOrg(options: { onSuccess?: (org: Org) => unknown } = {}) {
  return useMutation({ mutationFn: createOrg, onSuccess: options.onSuccess });
}
