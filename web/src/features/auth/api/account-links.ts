import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { forgetMe, meQueryKey } from './get-me';

/** Mails a reset link if the address has an account; the answer is the same either way. */
export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: (email: string) =>
      unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });

/** A new password through a reset link; every session ends, this browser's too. */
export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body })),
    onSuccess: () => forgetMe(queryClient),
  });
}

/** Sends a confirmation link to the new address; the account keeps its address until opened. */
export const useRequestEmailChange = () =>
  useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(api.POST('/api/v1/me/email', { body })),
  });

/** Opens a confirmation link: the account takes the new address. */
export function useConfirmEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      unwrap(api.POST('/api/v1/auth/email-change/confirm', { body: { token } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
