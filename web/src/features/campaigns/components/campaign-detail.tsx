import {
  Anchor,
  Badge,
  Code,
  DataList,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import {
  useGroupOptions,
  useIntegrationOptions,
  useTemplateOptions,
  useTemplateVersions,
} from '../api/form-options';
import { pollInterval, useCampaign } from '../api/get-campaign';
import type { AudienceFilter, Campaign, IdentityChannel } from '../api/types';
import { CampaignActions } from './campaign-actions';
import { CampaignCounts, CampaignProgressBar, processedCount } from './campaign-progress';
import { CampaignStatusBadge } from './campaign-status-badge';
import { channelLabel } from '@/lib/channels';

type CampaignDetailProps = {
  orgId: string;
  campaignId: string;
  canEdit: boolean;
  /** After the (draft) campaign was deleted from its page. */
  onDeleted: () => void;
};

export function CampaignDetail({ orgId, campaignId, canEdit, onDeleted }: CampaignDetailProps) {
  const query = useCampaign(orgId, campaignId);
  return (
    <QueryState
      query={query}
      what="campaign"
      loading={
        <Stack gap="md" role="status" aria-label="Loading campaign">
          <Skeleton height={32} w={280} />
          <Skeleton height={160} />
          <Skeleton height={200} />
        </Stack>
      }
      errorTitle="Could not load this campaign"
    >
      {(campaign) => (
        <Stack gap="lg">
          <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
            <Group gap="sm" align="center">
              <Title order={1} size="h2">
                {campaign.name}
              </Title>
              <CampaignStatusBadge status={campaign.status} />
            </Group>
            {canEdit && (
              <CampaignActions
                orgId={orgId}
                campaign={campaign}
                editHref={`/orgs/${orgId}/campaigns/${campaign.id}/edit`}
                onDeleted={onDeleted}
              />
            )}
          </Group>
          {campaign.status !== 'draft' && <ProgressPanel orgId={orgId} campaign={campaign} />}
          <SummaryPanel orgId={orgId} campaign={campaign} />
        </Stack>
      )}
    </QueryState>
  );
}

function progressNote(campaign: Campaign): string {
  const interval = pollInterval(campaign);
  const live = interval ? ` Updates every ${interval / 1000} seconds.` : '';
  switch (campaign.status) {
    case 'scheduled':
      return `Waiting for its start time.${live}`;
    case 'running':
      return `Sending.${live}`;
    case 'paused':
      return `Paused: queued messages wait until you resume.${live}`;
    case 'completed':
      return `Every message was handled.${interval ? ' Delivery reports are still arriving.' : ''}`;
    case 'cancelled':
      return 'Cancelled: messages not yet sent were not sent.';
    default:
      return '';
  }
}

function ProgressPanel({ orgId, campaign }: { orgId: string; campaign: Campaign }) {
  const { stats } = campaign;
  const messagesBase = `/orgs/${orgId}/messages?campaignId=${campaign.id}`;
  const done = processedCount(stats);
  const percent = stats.total ? Math.round((done / stats.total) * 100) : 0;
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label="Progress">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h4">
            Progress
          </Title>
          <Anchor component={Link} to={messagesBase} size="sm">
            All messages
          </Anchor>
        </Group>
        <Text size="sm" aria-live="polite">
          {`${done.toLocaleString()} of ${stats.total.toLocaleString()} handled (${percent}%).`}{' '}
          <Text span c="dimmed" size="sm">
            {progressNote(campaign)}
          </Text>
        </Text>
        <CampaignProgressBar stats={stats} />
        <CampaignCounts
          stats={stats}
          messagesHref={(status) => `${messagesBase}&status=${status}`}
        />
      </Stack>
    </Paper>
  );
}

const IDENTITY_LABELS: Record<IdentityChannel, string> = {
  email: 'an email address',
  phone: 'a phone number',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  instagram: 'Instagram',
};

/** "only names containing “x”, with a phone number", or null without a filter. */
function filterText(filter: AudienceFilter | undefined): string | null {
  const parts = [
    filter?.query ? `names containing “${filter.query}”` : null,
    filter?.channel ? `with ${IDENTITY_LABELS[filter.channel]}` : null,
  ].filter(Boolean);
  return parts.length ? `only ${parts.join(', ')}` : null;
}

function SummaryPanel({ orgId, campaign }: { orgId: string; campaign: Campaign }) {
  const integrations = useIntegrationOptions(orgId);
  const templates = useTemplateOptions(orgId);
  const groups = useGroupOptions(orgId);
  const versions = useTemplateVersions(
    orgId,
    campaign.templateVersionId ? campaign.templateId : null,
  );
  const integration = integrations.data?.items.find((i) => i.id === campaign.integrationId);
  const template = templates.data?.items.find((t) => t.id === campaign.templateId);
  const pinned = versions.data?.items.find((v) => v.id === campaign.templateVersionId);
  const groupNames = campaign.audience.groupIds.map(
    (id) => groups.data?.items.find((g) => g.id === id)?.name ?? 'A deleted group',
  );
  const individual = campaign.audience.contactIds.length;
  const variables = Object.entries(campaign.variables ?? {});

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label="Details">
      <Stack gap="md">
        <Title order={2} size="h4">
          Details
        </Title>
        <DataList labelWidth={170}>
          <DataList.Item>
            <DataList.ItemLabel>Template</DataList.ItemLabel>
            <DataList.ItemValue>
              <Group gap="xs">
                {template ? (
                  <Anchor component={Link} to={`/orgs/${orgId}/templates/${template.id}`}>
                    {template.name}
                  </Anchor>
                ) : (
                  <Text size="sm">A deleted template</Text>
                )}
                {campaign.templateVersionId ? (
                  <Badge variant="light" color="gray">
                    {pinned ? `Version ${pinned.version}, pinned` : 'Version pinned at launch'}
                  </Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    The latest version is pinned when it launches.
                  </Text>
                )}
              </Group>
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Integration</DataList.ItemLabel>
            <DataList.ItemValue>
              {integration ? (
                <Anchor component={Link} to={`/orgs/${orgId}/integrations`}>
                  {integration.name}
                </Anchor>
              ) : (
                'A deleted integration'
              )}{' '}
              · {channelLabel(campaign.channel)}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Audience</DataList.ItemLabel>
            <DataList.ItemValue>
              {[
                groupNames.length ? `Groups: ${groupNames.join(', ')}` : null,
                individual ? `${individual} individually chosen contact(s)` : null,
                filterText(campaign.audience.filter),
              ]
                .filter(Boolean)
                .join('; ') || 'Nobody'}
              {campaign.status !== 'draft' && campaign.stats.total > 0 && (
                <Text span c="dimmed" size="sm">
                  {' '}
                  — {campaign.stats.total.toLocaleString()} recipient(s) at launch
                </Text>
              )}
            </DataList.ItemValue>
          </DataList.Item>
          {variables.length > 0 && (
            <DataList.Item>
              <DataList.ItemLabel>Variables</DataList.ItemLabel>
              <DataList.ItemValue>
                <Stack gap={2}>
                  {variables.map(([name, value]) => (
                    <Text key={name} size="sm">
                      <Code>{name}</Code> ={' '}
                      {typeof value === 'string' ? value : JSON.stringify(value)}
                    </Text>
                  ))}
                </Stack>
              </DataList.ItemValue>
            </DataList.Item>
          )}
          <DataList.Item>
            <DataList.ItemLabel>Schedule</DataList.ItemLabel>
            <DataList.ItemValue>
              {campaign.scheduledAt ? (
                <DateTime value={campaign.scheduledAt} />
              ) : (
                'As soon as it is launched'
              )}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Rate limit</DataList.ItemLabel>
            <DataList.ItemValue>
              {campaign.rateLimitPerSecond
                ? `${campaign.rateLimitPerSecond} per second`
                : "The integration's own limit"}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Created</DataList.ItemLabel>
            <DataList.ItemValue>
              <DateTime value={campaign.createdAt} />
            </DataList.ItemValue>
          </DataList.Item>
          {campaign.launchedAt && (
            <DataList.Item>
              <DataList.ItemLabel>Launched</DataList.ItemLabel>
              <DataList.ItemValue>
                <DateTime value={campaign.launchedAt} />
              </DataList.ItemValue>
            </DataList.Item>
          )}
          {campaign.completedAt && (
            <DataList.Item>
              <DataList.ItemLabel>Finished</DataList.ItemLabel>
              <DataList.ItemValue>
                <DateTime value={campaign.completedAt} />
              </DataList.ItemValue>
            </DataList.Item>
          )}
        </DataList>
      </Stack>
    </Paper>
  );
}
