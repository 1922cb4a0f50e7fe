import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { forgetMe } from '@/features/auth';
import { isApiError, isUnauthenticated } from '@/lib/api/errors';

/** Client errors (4xx) are answers, not glitches: only network failures and 5xx are retried. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/**
 * A request answered `unauthenticated` means the session expired: forgetting `me` makes the app
 * layout send the person to /login?next=… (the /me query itself answers null, never this error).
 */
function onSessionError(error: unknown): void {
  if (isUnauthenticated(error)) forgetMe(queryClient);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionError }),
  mutationCache: new MutationCache({ onError: onSessionError }),
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 30_000 },
    mutations: { retry: false },
  },
});
