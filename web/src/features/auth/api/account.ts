import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { useRefreshingMutation } from '@/lib/api/mutations';
import type { paths } from '@/lib/api/schema.gen';
import { meQueryKey } from './get-me';

export type UpdateMeInput = NonNullable<
  paths['/api/v1/me']['patch']['requestBody']
>['content']['application/json'];
export type ChangePasswordInput =
  paths['/api/v1/me/password']['post']['requestBody']['content']['application/json'];
export type UserSession =
  paths['/api/v1/me/sessions']['get']['responses'][200]['content']['application/json']['items'][number];

export function updateMe(body: UpdateMeInput) {
  return unwrap(api.PATCH('/api/v1/me', { body }));
}

/** Saves the profile; the session's copy of the user (name, zone of every date) follows. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}

export function changePassword(body: ChangePasswordInput) {
  return expectNoContent(api.POST('/api/v1/me/password', { body }));
}

export const sessionsQueryKey = ['me', 'sessions'] as const;

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // Every other session was ended.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryKey }),
  });
}

export const useSessions = () =>
  useQuery({
    queryKey: sessionsQueryKey,
    queryFn: () => unwrap(api.GET('/api/v1/me/sessions')),
  });

export function endSession(sessionId: string) {
  return expectNoContent(
    api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } }),
  );
}

export const useEndSession = () => useRefreshingMutation(endSession, sessionsQueryKey);
