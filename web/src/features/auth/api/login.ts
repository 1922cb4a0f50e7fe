import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { forgetTenantData, refreshMe } from './get-me';

export type LoginInput =
  paths['/api/v1/auth/login']['post']['requestBody']['content']['application/json'];

export function login(input: LoginInput) {
  return unwrap(api.POST('/api/v1/auth/login', { body: input }));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: async () => {
      forgetTenantData(queryClient);
      await refreshMe(queryClient);
    },
  });
}
