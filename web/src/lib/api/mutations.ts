import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * A mutation that refetches what it changed: the queries under `refresh`, once the server
 * accepted it, or after every attempt with `always` (for actions that change state even when
 * they fail, such as a connection test).
 */
export function useRefreshingMutation<Variables, Result>(
  mutationFn: (variables: Variables) => Promise<Result>,
  refresh: QueryKey,
  { always = false }: { always?: boolean } = {},
) {
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: refresh });
  return useMutation({
    mutationFn,
    onSuccess: always ? undefined : invalidate,
    onSettled: always ? invalidate : undefined,
  });
}
