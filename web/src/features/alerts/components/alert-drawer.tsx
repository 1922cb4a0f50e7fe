import {
  Anchor,
  Badge,
  Button,
  Center,
  Drawer,
  Group,
  Loader,
  Skeleton,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import { MetricChart, type MetricChartProps } from '@/features/monitoring';
import { getDisplayTimeZone } from '@/lib/format';
import { useAlert } from '../api/alerts';
import { useAlertRule } from '../api/rules';
import type { AlertDetail, AlertEvent } from '../api/types';
import { AlertActions, isSilenced } from './alert-actions';
import { formatAlertValue, KIND, SeverityBadge, StatusBadge } from './labels';

const ACTION: Record<AlertEvent['action'], string> = {
  opened: 'Opened',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  silenced: 'Silenced',
  unsilenced: 'Silence ended',
};
const ACTOR: Record<AlertEvent['actor']['type'], string> = {
  user: '',
  api_key: ' (API key)',
  system: ' (automatic)',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={170} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>
        {children === null || children === undefined || children === false ? (
          <Text c="dimmed">—</Text>
        ) : (
          children
        )}
      </Table.Td>
    </Table.Tr>
  );
}

const by = (actor: AlertDetail['acknowledgedBy']) =>
  actor ? ` by ${actor.name}${ACTOR[actor.type]}` : '';

type Props = {
  orgId: string;
  /** The open alert; null closes the drawer. */
  alertId: string | null;
  onClose: () => void;
  /** Opens another alert in the drawer (the one this one follows). */
  onOpen: (alertId: string) => void;
  canAct: boolean;
};

/** An alert's facts, its actions, the metric around the breach and its timeline. */
export function AlertDrawer({ orgId, alertId, onClose, onOpen, canAct }: Props) {
  const query = useAlert(orgId, alertId);
  return (
    <Drawer opened={alertId !== null} onClose={onClose} position="right" size="xl" title="Alert">
      <QueryState
        query={query}
        what="alert"
        errorTitle="Could not load this alert"
        loading={
          <Stack role="status" aria-label="Loading alert">
            <Skeleton height={30} />
            <Skeleton height={200} />
          </Stack>
        }
      >
        {(alert) => <AlertDetailView orgId={orgId} alert={alert} canAct={canAct} onOpen={onOpen} />}
      </QueryState>
    </Drawer>
  );
}

function AlertDetailView({
  orgId,
  alert,
  canAct,
  onOpen,
}: {
  orgId: string;
  alert: AlertDetail;
  canAct: boolean;
  onOpen: (alertId: string) => void;
}) {
  const rule = useAlertRule(orgId, alert.ruleId);
  const value = (v: number) => formatAlertValue(alert.kind, v);
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap="xs">
          <SeverityBadge severity={alert.severity} />
          <StatusBadge status={alert.status} />
          {isSilenced(alert) && (
            <Badge color="gray" variant="outline">
              Silenced
            </Badge>
          )}
        </Group>
        <Title order={4}>{alert.title}</Title>
        <Text size="sm">{alert.summary}</Text>
      </Stack>
      {canAct && <AlertActions orgId={orgId} alert={alert} />}
      <Table>
        <Table.Tbody>
          <Fact label="Rule">
            {alert.ruleName} · {KIND[alert.kind].label}
          </Fact>
          <Fact label="Value">
            {value(alert.value)} at opening
            {alert.status !== 'resolved' && `, ${value(alert.lastValue)} now`} (threshold{' '}
            {value(alert.threshold)}, {alert.windowMinutes} min window)
          </Fact>
          <Fact label="Breaching evaluations">{alert.breachCount}</Fact>
          <Fact label="Opened">
            <DateTime value={alert.openedAt} />
          </Fact>
          <Fact label="Acknowledged">
            {alert.acknowledgedAt && (
              <Text size="sm" component="span">
                <DateTime value={alert.acknowledgedAt} />
                {by(alert.acknowledgedBy)}
              </Text>
            )}
          </Fact>
          <Fact label="Resolved">
            {alert.resolvedAt && (
              <Text size="sm" component="span">
                <DateTime value={alert.resolvedAt} />
                {by(alert.resolvedBy)}
                {alert.resolution === 'auto' ? ' — recovered on its own' : ''}
              </Text>
            )}
          </Fact>
          <Fact label="Silenced until">
            {isSilenced(alert) && alert.silencedUntil && <DateTime value={alert.silencedUntil} />}
          </Fact>
          <Fact label="Follows">
            {alert.previousAlertId && (
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => onOpen(alert.previousAlertId!)}
              >
                Open the previous alert
              </Button>
            )}
          </Fact>
        </Table.Tbody>
      </Table>
      <Group gap="md">
        <Anchor component={Link} to={alert.monitoringLink} size="sm">
          Open this window in monitoring
        </Anchor>
        {alert.integrationId && (
          <Anchor component={Link} to={`/orgs/${orgId}/integrations`} size="sm">
            Open integrations
          </Anchor>
        )}
      </Group>
      <AlertChart orgId={orgId} alert={alert} latency={rule.data?.latencyMetric ?? undefined} />
      <Stack gap="xs">
        <Title order={4}>Timeline</Title>
        <Timeline active={alert.events.length - 1} bulletSize={14} lineWidth={2}>
          {alert.events.map((event) => (
            <Timeline.Item key={event.id} title={ACTION[event.action]}>
              <Group gap="xs">
                <DateTime value={event.at} size="xs" />
                <Text size="xs" c="dimmed">
                  by {event.actor.name}
                  {ACTOR[event.actor.type]}
                </Text>
              </Group>
              {event.comment && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {event.comment}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Stack>
  );
}

/** The series the rule reads, around the breach; token refreshes have no chart of their own. */
const METRIC: Record<AlertDetail['kind'], MetricChartProps['metric'] | null> = {
  failure_rate: 'failure_rate',
  latency_p95: 'latency_p95',
  callback_silence: 'callbacks',
  signature_rejections: 'rejections',
  token_refresh_failures: null,
};

function AlertChart({
  orgId,
  alert,
  latency,
}: {
  orgId: string;
  alert: AlertDetail;
  latency: MetricChartProps['latency'];
}) {
  const metric = METRIC[alert.kind];
  if (!metric) return null;
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label="Loading the chart" />
        </Center>
      }
    >
      <MetricChart
        orgId={orgId}
        title={`${KIND[alert.kind].label} around the breach`}
        description={`Threshold ${formatAlertValue(alert.kind, alert.threshold)}.`}
        metric={metric}
        latency={latency}
        integrationId={alert.integrationId}
        from={alert.window.from}
        to={alert.window.to}
        tz={getDisplayTimeZone()}
      />
    </Suspense>
  );
}
