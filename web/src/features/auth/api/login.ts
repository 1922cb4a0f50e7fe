import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { useSessionStart } from './get-me';

export type LoginInput =
  paths['/api/v1/auth/login']['post']['requestBody']['content']['application/json'];

export function login(input: LoginInput) {
  return unwrap(api.POST('/api/v1/auth/login', { body: input }));
}

export const useLogin = () => useSessionStart(login);
