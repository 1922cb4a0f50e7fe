import { api, unwrap } from '@/lib/api/client';
import type { paths } from '@/lib/api/schema.gen';
import { useSessionStart } from './get-me';

export type SignupInput =
  paths['/api/v1/auth/signup']['post']['requestBody']['content']['application/json'];
export type SignupResult =
  paths['/api/v1/auth/signup']['post']['responses'][201]['content']['application/json'];

export function signup(input: SignupInput) {
  return unwrap(api.POST('/api/v1/auth/signup', { body: input }));
}

export const useSignup = () => useSessionStart(signup);
