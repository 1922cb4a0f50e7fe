import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { ORG_SCOPE } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
export type Membership = Me['memberships'][number];

export const meQueryKey = ['me'] as const;

/**
 * The signed-in user and their memberships, or `null` when there is no session. Uses the
 * session probe, which answers 200 either way: a signed-out visit logs no failed request.
 */
export async function getMe(): Promise<Me | null> {
  const session = await unwrap(api.GET('/api/v1/auth/session'));
  return session.signedIn && session.user
    ? { user: session.user, memberships: session.memberships }
    : null;
}

export function meQueryOptions() {
  return queryOptions({ queryKey: meQueryKey, queryFn: getMe, staleTime: 60_000 });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

/** Re-reads the session after it changed (login, signup, joining or creating an org). */
export function refreshMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 });
}

/** Marks the session as gone, e.g. after a request answered `unauthenticated`. */
export function forgetMe(queryClient: QueryClient): void {
  queryClient.setQueryData(meQueryKey, null);
}

/** Drops org data cached for a previous session, so a new login never shows another account's. */
export function forgetTenantData(queryClient: QueryClient): void {
  queryClient.removeQueries({ queryKey: [ORG_SCOPE] });
}

/** A request that starts a session (login, signup): the new session replaces the old one's data. */
export function useSessionStart<Input, Result>(start: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: start,
    onSuccess: async () => {
      forgetTenantData(queryClient);
      await refreshMe(queryClient);
    },
  });
}
