import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { nextPageCursor, PAGE_SIZE } from '@/lib/api/pagination';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

type SuppressionsPath = paths['/api/v1/orgs/{orgId}/suppressions'];
type SuppressionsPage = SuppressionsPath['get']['responses'][200]['content']['application/json'];
export type Suppression = SuppressionsPage['items'][number];
export type SuppressionFilters = Omit<
  NonNullable<SuppressionsPath['get']['parameters']['query']>,
  'limit' | 'cursor'
>;
export type CreateSuppressionInput =
  SuppressionsPath['post']['requestBody']['content']['application/json'];

export const REASONS: { value: Suppression['reason']; label: string }[] = [
  { value: 'unsubscribe', label: 'Unsubscribed' },
  { value: 'stop_keyword', label: 'STOP keyword' },
  { value: 'hard_bounce', label: 'Hard bounce' },
  { value: 'spam_report', label: 'Spam report' },
  { value: 'manual', label: 'Manual' },
];

export const useSuppressions = (orgId: string, filters: SuppressionFilters) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: orgScopedKey(orgId, 'suppressions', filters),
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/orgs/{orgId}/suppressions', {
            params: { path: { orgId }, query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } },
          }),
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextPageCursor,
    }),
  );

export function useCreateSuppression(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSuppressionInput) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/suppressions', { params: { path: { orgId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgScopedKey(orgId) }),
  });
}

export function useRemoveSuppression(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (suppressionId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/suppressions/{suppressionId}', {
          params: { path: { orgId, suppressionId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgScopedKey(orgId) }),
  });
}
