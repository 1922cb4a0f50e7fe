import { useMutation } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';

export function logout() {
  return expectNoContent(api.POST('/api/v1/auth/logout'));
}

/**
 * Logging out loads a fresh page (/login by default): every cached tenant record leaves memory
 * with it, and no in-flight query can re-populate the cache for a session that no longer exists.
 */
export function useLogout(redirectTo = '/login') {
  return useMutation({
    mutationFn: logout,
    onSuccess: () => window.location.assign(redirectTo),
  });
}
