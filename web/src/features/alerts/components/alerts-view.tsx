import {
  Anchor,
  Badge,
  Card,
  Group,
  Select,
  Stack,
  Tabs,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBellCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyList } from '@/components/empty-list';
import { PagedTable, actionsColumn, dateColumn } from '@/components/paged-table';
import { RangePicker } from '@/components/range-picker';
import { integrationsQueryOptions } from '@/features/integrations';
import { rangeErrorMessage } from '@/lib/range-error';
import { useAlerts } from '../api/alerts';
import type { Alert } from '../api/types';
import { AlertActions, isSilenced } from './alert-actions';
import { AlertDrawer } from './alert-drawer';
import { formatAlertValue, SEVERITY, SeverityBadge, StatusBadge } from './labels';
import { useAlertsView, type StatusTab } from './use-alerts-view';

const TABS: { value: StatusTab; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

type Props = { orgId: string; canAct: boolean };

/**
 * Alerts by status with their counts, filtered by severity, integration and opening time; each
 * opens a drawer with its timeline, and members act on it from the row or the drawer.
 */
export function AlertsView({ orgId, canAct }: Props) {
  const view = useAlertsView();
  const query = useAlerts(orgId, view.range, view.filter);
  const integrations = useQuery(integrationsQueryOptions(orgId));
  const counts = query.data?.pages[0]?.counts;
  const rangeError = rangeErrorMessage(query.error);
  const filtered = Boolean(view.filter.severity || view.filter.integrationId || view.filter.ruleId);
  const count = (tab: StatusTab) =>
    counts
      ? tab === 'all'
        ? counts.open + counts.acknowledged + counts.resolved
        : counts[tab]
      : null;

  return (
    <Stack gap="lg">
      <Card withBorder padding="md" radius="md">
        <Group align="end" gap="md" wrap="wrap">
          <RangePicker value={view.range} onChange={view.setRange} error={rangeError} />
          <Select
            label="Severity"
            placeholder="Any severity"
            data={Object.entries(SEVERITY).map(([value, s]) => ({ value, label: s.label }))}
            value={view.filter.severity ?? null}
            onChange={(severity) => view.setFilter({ severity })}
            clearable
            w={{ base: '100%', xs: 180 }}
          />
          <Select
            label="Integration"
            placeholder="Any integration"
            data={(integrations.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
            value={view.filter.integrationId ?? null}
            onChange={(integrationId) => view.setFilter({ integrationId })}
            clearable
            searchable
            w={{ base: '100%', xs: 240 }}
          />
        </Group>
        {view.filter.ruleId && (
          <Group gap="xs" mt="sm">
            <Text size="sm">Showing the alerts of one rule.</Text>
            <Anchor component="button" size="sm" onClick={() => view.setFilter({ ruleId: null })}>
              Show every rule
            </Anchor>
          </Group>
        )}
      </Card>
      <Tabs value={view.tab} onChange={(tab) => tab && view.setTab(tab as StatusTab)}>
        <Tabs.List>
          {TABS.map((tab) => {
            const n = count(tab.value);
            return (
              <Tabs.Tab
                key={tab.value}
                value={tab.value}
                rightSection={
                  n !== null && (
                    <Badge
                      size="sm"
                      variant={tab.value === 'open' && n > 0 ? 'filled' : 'light'}
                      color={tab.value === 'open' && n > 0 ? 'red' : 'gray'}
                      aria-label={`${n} ${tab.label.toLowerCase()}`}
                    >
                      {n}
                    </Badge>
                  )
                }
              >
                {tab.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>
      <PagedTable
        query={query}
        what="alerts"
        skeleton={{ rows: 4 }}
        moreErrorTitle="Could not load more alerts"
        minWidth={820}
        columns={[
          {
            key: 'severity',
            header: 'Severity',
            cell: (a: Alert) => <SeverityBadge severity={a.severity} />,
          },
          {
            key: 'alert',
            header: 'Alert',
            cell: (a) => (
              <>
                <UnstyledButton onClick={() => view.openAlert(a.id)}>
                  <Text size="sm" fw={500} c="blue">
                    {a.title}
                  </Text>
                </UnstyledButton>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {a.summary}
                </Text>
              </>
            ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (a) => (
              <Group gap={4} wrap="nowrap">
                <StatusBadge status={a.status} />
                {isSilenced(a) && (
                  <Badge color="gray" variant="outline">
                    Silenced
                  </Badge>
                )}
              </Group>
            ),
          },
          dateColumn('opened', 'Opened', (a: Alert) => a.openedAt),
          {
            key: 'value',
            header: 'Value',
            align: 'right',
            cell: (a) => (
              <Text size="sm" title={`Threshold ${formatAlertValue(a.kind, a.threshold)}`}>
                {formatAlertValue(a.kind, a.status === 'resolved' ? a.value : a.lastValue)}
              </Text>
            ),
          },
          canAct &&
            actionsColumn((a: Alert) =>
              a.status === 'resolved' && !isSilenced(a) ? null : (
                <AlertActions orgId={orgId} alert={a} size="xs" />
              ),
            ),
        ]}
        empty={
          <EmptyList
            icon={IconBellCheck}
            title={
              filtered
                ? 'No matching alerts'
                : view.tab === 'open'
                  ? 'Nothing is open'
                  : 'No alerts in this range'
            }
            description={
              filtered
                ? 'Nothing matches these filters in this range.'
                : 'Alerts open here when a rule breaches: a provider failing, slow, silent, or receiving forged callbacks.'
            }
            actions={
              <Anchor component={Link} to={`/orgs/${orgId}/alerts/rules`} size="sm">
                See the alert rules
              </Anchor>
            }
          />
        }
      />
      <AlertDrawer
        orgId={orgId}
        alertId={view.alertId}
        onClose={() => view.openAlert(null)}
        onOpen={view.openAlert}
        canAct={canAct}
      />
    </Stack>
  );
}
