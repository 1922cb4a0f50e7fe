import { useInfiniteQuery } from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';
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
    pagedQueryOptions(orgScopedKey(orgId, 'suppressions', filters), (cursor) =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/suppressions', {
          params: { path: { orgId }, query: { ...filters, limit: PAGE_SIZE, cursor } },
        }),
      ),
    ),
  );

export const useCreateSuppression = (orgId: string) =>
  useRefreshingMutation(
    (body: CreateSuppressionInput) =>
      unwrap(api.POST('/api/v1/orgs/{orgId}/suppressions', { params: { path: { orgId } }, body })),
    orgScopedKey(orgId),
  );

export const useRemoveSuppression = (orgId: string) =>
  useRefreshingMutation(
    (suppressionId: string) =>
      expectNoContent(
        api.DELETE('/api/v1/orgs/{orgId}/suppressions/{suppressionId}', {
          params: { path: { orgId, suppressionId } },
        }),
      ),
    orgScopedKey(orgId),
  );
