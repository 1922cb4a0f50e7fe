import { Group, Paper, Progress, SimpleGrid, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { CampaignStats } from '../api/types';

type Segment = { key: string; label: string; color: string; value: (s: CampaignStats) => number };

/** The bar's sections, in the order a message moves through them; the rest is still queued. */
const SEGMENTS: Segment[] = [
  { key: 'delivered', label: 'Delivered', color: 'teal', value: (s) => s.delivered + s.read },
  { key: 'sent', label: 'Sent, awaiting report', color: 'blue', value: (s) => s.sent },
  { key: 'failed', label: 'Failed or bounced', color: 'red', value: (s) => s.failed + s.bounced },
  { key: 'review', label: 'Needs review', color: 'orange', value: (s) => s.needs_review },
  {
    key: 'not-sent',
    label: 'Not sent (suppressed, no identity, cancelled)',
    color: 'gray',
    value: (s) => s.suppressed + s.skipped + s.cancelled,
  },
];

/** Messages that reached a decision (everything but queued and in flight). */
export const processedCount = (s: CampaignStats) => s.total - s.queued - s.sending;

type CampaignProgressBarProps = { stats: CampaignStats; size?: string; label?: string };

export function CampaignProgressBar({
  stats,
  size = 'xl',
  label = 'Campaign progress',
}: CampaignProgressBarProps) {
  const done = processedCount(stats);
  const percent = stats.total ? Math.round((done / stats.total) * 100) : 0;
  return (
    <Progress.Root
      size={size}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={stats.total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${stats.total} handled (${percent}%)`}
    >
      {SEGMENTS.map((segment) => {
        const value = segment.value(stats);
        if (!value || !stats.total) return null;
        return (
          <Tooltip key={segment.key} label={`${segment.label}: ${value}`} withArrow>
            <Progress.Section
              value={(value / stats.total) * 100}
              color={segment.color}
              // The bar as a whole is the progress bar; its sections are its picture.
              aria-hidden
            />
          </Tooltip>
        );
      })}
    </Progress.Root>
  );
}

type Count = { status: keyof CampaignStats; label: string; help: string; color?: string };

const COUNTS: Count[] = [
  { status: 'queued', label: 'Queued', help: 'Waiting for their turn to be sent.' },
  { status: 'sending', label: 'Sending', help: 'Being handed to the provider right now.' },
  {
    status: 'sent',
    label: 'Sent',
    help: 'Accepted by the provider; the delivery report has not arrived yet.',
    color: 'blue',
  },
  {
    status: 'delivered',
    label: 'Delivered',
    help: 'The provider reported delivery.',
    color: 'teal',
  },
  { status: 'read', label: 'Read', help: 'The recipient opened or read it.', color: 'teal' },
  {
    status: 'failed',
    label: 'Failed',
    help: 'Could not be sent or delivered; each message says why.',
    color: 'red',
  },
  {
    status: 'bounced',
    label: 'Bounced',
    help: "Rejected by the recipient's server; the address is now suppressed.",
    color: 'red',
  },
  {
    status: 'suppressed',
    label: 'Suppressed',
    help: 'Opted out or suppressed on this channel: not sent.',
  },
  {
    status: 'skipped',
    label: 'Skipped',
    help: 'The contact has no identity on this channel: not sent.',
  },
  {
    status: 'needs_review',
    label: 'Needs review',
    help: 'The provider may or may not have accepted it: check before re-sending.',
    color: 'orange',
  },
  { status: 'cancelled', label: 'Cancelled', help: 'Not sent because the campaign was cancelled.' },
];

/** Shown even at zero: the counts people watch. The others appear once they happen. */
const ALWAYS = new Set<keyof CampaignStats>([
  'queued',
  'sent',
  'delivered',
  'failed',
  'bounced',
  'suppressed',
  'skipped',
  'needs_review',
]);

type CampaignCountsProps = { stats: CampaignStats; messagesHref: (status: string) => string };

/** One tile per status; each opens the message log filtered to that status. */
export function CampaignCounts({ stats, messagesHref }: CampaignCountsProps) {
  const shown = COUNTS.filter((c) => ALWAYS.has(c.status) || stats[c.status] > 0);
  return (
    <SimpleGrid cols={{ base: 2, xs: 3, md: 4 }} spacing="sm">
      {shown.map((count) => (
        <Tooltip key={count.status} label={count.help} withArrow multiline w={240} openDelay={300}>
          <UnstyledButton
            component={Link}
            to={messagesHref(count.status)}
            aria-description={count.help}
          >
            {/* Named by what it shows, "Sent 3" (WCAG 2.5.3: an aria-label hid the text). */}
            <Paper withBorder p="sm" radius="md">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {count.label}
              </Text>
              <Group gap={4} align="baseline">
                <Text fz={26} fw={700} c={stats[count.status] > 0 ? count.color : undefined}>
                  {stats[count.status].toLocaleString()}
                </Text>
              </Group>
            </Paper>
          </UnstyledButton>
        </Tooltip>
      ))}
    </SimpleGrid>
  );
}
