import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './api/client';
import type { paths } from './api/schema.gen';

export type InstanceInfo =
  paths['/api/v1/instance']['get']['responses'][200]['content']['application/json'];

/** What this server offers (public): the app hides what it does not run, e.g. the sandbox. */
export const instanceQueryOptions = () =>
  queryOptions({
    queryKey: ['instance'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/instance')),
    staleTime: 10 * 60_000,
  });

export const useInstance = () => useQuery(instanceQueryOptions());
