import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, sendForm, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

export type ContactImport =
  paths['/api/v1/orgs/{orgId}/contacts/imports/{importId}']['get']['responses'][200]['content']['application/json'];

/** A CSV upload with its column mapping, default region and group. */
export function startImport(
  orgId: string,
  input: { file: File; mapping?: Record<string, string>; region?: string; groupId?: string },
): Promise<ContactImport> {
  const form = new FormData();
  if (input.mapping) form.append('mapping', JSON.stringify(input.mapping));
  if (input.region) form.append('region', input.region);
  if (input.groupId) form.append('groupId', input.groupId);
  form.append('file', input.file);
  return sendForm<ContactImport>('POST', `/api/v1/orgs/${orgId}/contacts/imports`, form);
}

export function useStartImport(orgId: string) {
  return useMutation({
    mutationFn: (input: Parameters<typeof startImport>[1]) => startImport(orgId, input),
  });
}

/** Polls while the job runs; refreshes contact lists once it is done. */
export function useImport(orgId: string, importId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: orgScopedKey(orgId, 'imports', importId),
    enabled: importId !== null,
    queryFn: async () => {
      const result = await unwrap(
        api.GET('/api/v1/orgs/{orgId}/contacts/imports/{importId}', {
          params: { path: { orgId, importId: importId! } },
        }),
      );
      if (result.status === 'completed' || result.status === 'failed') {
        void queryClient.invalidateQueries({ queryKey: orgScopedKey(orgId, 'contacts') });
      }
      return result;
    },
    refetchInterval: (query) =>
      query.state.data && ['completed', 'failed'].includes(query.state.data.status) ? false : 1000,
  });
}

export const errorReportUrl = (orgId: string, importId: string) =>
  `/api/v1/orgs/${orgId}/contacts/imports/${importId}/errors.csv`;
export const exportUrl = (orgId: string, query: Record<string, string | undefined>) => {
  const qs = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => !!e[1]),
  ).toString();
  return `/api/v1/orgs/${orgId}/contacts/export.csv${qs ? `?${qs}` : ''}`;
};
