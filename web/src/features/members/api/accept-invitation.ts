import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';

export type AcceptedInvitation =
  paths['/api/v1/invitations/{token}/accept']['post']['responses'][200]['content']['application/json'];

export function acceptInvitation(token: string) {
  return unwrap(api.POST('/api/v1/invitations/{token}/accept', { params: { path: { token } } }));
}

/** `onSuccess` is awaited while the mutation is still pending (e.g. to refresh the session). */
export function useAcceptInvitation(
  options: { onSuccess?: (result: AcceptedInvitation) => unknown } = {},
) {
  return useMutation({ mutationFn: acceptInvitation, onSuccess: options.onSuccess });
}
