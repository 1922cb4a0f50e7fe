import { ActionIcon, Anchor, Badge, Group, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconBellCog, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { AddButton } from '@/components/add-button';
import { DataTable, actionsColumn } from '@/components/data-table';
import { EmptyList } from '@/components/empty-list';
import { QueryState } from '@/components/query-state';
import { useConfirmAction } from '@/components/use-confirm-action';
import { integrationsQueryOptions } from '@/features/integrations';
import { notifyDone, notifyError } from '@/lib/notify';
import { useAlertRules, useDeleteAlertRule, useUpdateAlertRule } from '../api/rules';
import type { AlertRule } from '../api/types';
import { conditionText, KIND, SeverityBadge } from './labels';
import { RuleFormModal } from './rule-form-modal';

type Props = {
  orgId: string;
  /** Owners and admins change rules; everyone else reads them. */
  admin: boolean;
  /** Only this integration's rules (under its card), and new ones scoped to it. */
  integrationId?: string;
};

/** The alert rules with their condition, severity and on/off switch; admins edit them. */
export function AlertRulesList({ orgId, admin, integrationId }: Props) {
  const rules = useAlertRules(orgId, integrationId);
  const integrations = useQuery({ ...integrationsQueryOptions(orgId), enabled: !integrationId });
  const names = new Map((integrations.data?.items ?? []).map((i) => [i.id, i.name]));
  const update = useUpdateAlertRule(orgId);
  const [editing, setEditing] = useState<{ rule: AlertRule | null } | null>(null);
  const remove = useConfirmAction({
    mutation: useDeleteAlertRule(orgId),
    variables: (rule: AlertRule) => rule.id,
    title: (rule) => `Delete ${rule.name}?`,
    confirmLabel: 'Delete rule',
    message: () =>
      'Its alerts and their timelines are deleted with it. To stop it for a while, disable it instead.',
    onDone: (_, rule) => notifyDone('Alert rule deleted', rule.name),
  });
  const setEnabled = (rule: AlertRule, enabled: boolean) =>
    update.mutate(
      { ruleId: rule.id, patch: { enabled } },
      {
        onSuccess: (saved) =>
          notifyDone(enabled ? 'Alert rule enabled' : 'Alert rule disabled', saved.name),
        onError: notifyError('Could not change the rule'),
      },
    );

  return (
    <Stack gap="sm">
      {admin && (
        <Group justify="flex-end">
          <AddButton onClick={() => setEditing({ rule: null })}>New alert rule</AddButton>
        </Group>
      )}
      <QueryState
        query={rules}
        what="alert rules"
        skeleton={{ rows: 3 }}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyList
            icon={IconBellCog}
            title="No alert rules"
            description={
              integrationId
                ? 'This integration is not watched. Add a rule to be told when it fails.'
                : 'Every new integration comes with default rules; add your own here.'
            }
          />
        }
      >
        {(data) => (
          <DataTable
            rows={data.items}
            minWidth={760}
            columns={[
              {
                key: 'name',
                header: 'Rule',
                cell: (r: AlertRule) => (
                  <Stack gap={0}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {r.name}
                      </Text>
                      {r.isDefault && (
                        <Badge size="xs" variant="light" color="gray">
                          Default
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {KIND[r.kind].label}: {conditionText(r)}
                    </Text>
                  </Stack>
                ),
              },
              !integrationId && {
                key: 'scope',
                header: 'Integration',
                cell: (r: AlertRule) =>
                  r.scope.integrationId
                    ? (names.get(r.scope.integrationId) ?? 'An integration')
                    : 'Every integration',
              },
              {
                key: 'severity',
                header: 'Severity',
                cell: (r: AlertRule) => <SeverityBadge severity={r.severity} />,
              },
              {
                key: 'enabled',
                header: 'Enabled',
                cell: (r: AlertRule) => (
                  <Switch
                    checked={r.enabled}
                    disabled={!admin}
                    onChange={(e) => setEnabled(r, e.currentTarget.checked)}
                    aria-label={`${r.enabled ? 'Disable' : 'Enable'} ${r.name}`}
                  />
                ),
              },
              actionsColumn((r: AlertRule) => (
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Anchor
                    component={Link}
                    to={`/orgs/${orgId}/alerts?status=all&ruleId=${r.id}`}
                    size="sm"
                    aria-label={`Alerts of ${r.name}`}
                  >
                    Alerts
                  </Anchor>
                  {admin && (
                    <>
                      <Tooltip label="Edit">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`Edit ${r.name}`}
                          onClick={() => setEditing({ rule: r })}
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${r.name}`}
                          onClick={() => remove.ask(r)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </>
                  )}
                </Group>
              )),
            ]}
          />
        )}
      </QueryState>
      {admin && (
        <RuleFormModal
          orgId={orgId}
          rule={editing?.rule ?? null}
          integrationId={integrationId}
          opened={editing !== null}
          onClose={() => setEditing(null)}
        />
      )}
      {remove.dialog}
    </Stack>
  );
}
