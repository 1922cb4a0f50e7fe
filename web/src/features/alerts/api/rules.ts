import { useQueryClient, useMutation, useQuery } from '@tanstack/react-query';
import { api, expectNoContent, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import { alertRulesKey, alertsKey } from './query-keys';
import type { CreateAlertRuleInput, UpdateAlertRuleInput } from './types';

/** At most this many rules are listed at once (defaults are three per integration). */
const RULES_PAGE = 200;

/** The org's rules, or one integration's (those scoped to it). */
export const useAlertRules = (orgId: string, integrationId?: string) =>
  useQuery({
    queryKey: [...alertRulesKey(orgId), { integrationId }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/alert-rules', {
          params: { path: { orgId }, query: { limit: RULES_PAGE, integrationId } },
        }),
      ),
  });

/** A rule change can open, keep or close alerts: rules and alerts are refetched. */
function useRuleMutation<Variables, Result>(orgId: string, fn: (v: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: alertRulesKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: alertsKey(orgId) }),
        queryClient.invalidateQueries({ queryKey: orgScopedKey(orgId, 'audit-log') }),
      ]);
    },
  });
}

export const useCreateAlertRule = (orgId: string) =>
  useRuleMutation(orgId, (body: CreateAlertRuleInput) =>
    unwrap(api.POST('/api/v1/orgs/{orgId}/alert-rules', { params: { path: { orgId } }, body })),
  );

export const useUpdateAlertRule = (orgId: string) =>
  useRuleMutation(orgId, ({ ruleId, patch }: { ruleId: string; patch: UpdateAlertRuleInput }) =>
    unwrap(
      api.PATCH('/api/v1/orgs/{orgId}/alert-rules/{ruleId}', {
        params: { path: { orgId, ruleId } },
        body: patch,
      }),
    ),
  );

export const useDeleteAlertRule = (orgId: string) =>
  useRuleMutation(orgId, (ruleId: string) =>
    expectNoContent(
      api.DELETE('/api/v1/orgs/{orgId}/alert-rules/{ruleId}', {
        params: { path: { orgId, ruleId } },
      }),
    ),
  );

/** One rule (the alert drawer reads its latency metric and name). */
export const useAlertRule = (orgId: string, ruleId: string | null) =>
  useQuery({
    queryKey: [...alertRulesKey(orgId), 'detail', ruleId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/alert-rules/{ruleId}', {
          params: { path: { orgId, ruleId: ruleId! } },
        }),
      ),
    enabled: ruleId !== null,
  });
