import { Badge } from '@mantine/core';
import type { MessageStatus } from '../api/list-messages';

const STATUS: Record<MessageStatus, { label: string; color: string; description: string }> = {
  queued: { label: 'Queued', color: 'gray', description: 'Waiting to be sent.' },
  sending: { label: 'Sending', color: 'blue', description: 'Being handed to the provider.' },
  sent: {
    label: 'Sent',
    color: 'blue',
    description: 'The provider accepted it; no delivery report yet.',
  },
  delivered: { label: 'Delivered', color: 'teal', description: 'Delivered to the recipient.' },
  read: { label: 'Read', color: 'green', description: 'Opened or read by the recipient.' },
  failed: { label: 'Failed', color: 'red', description: 'The provider could not deliver it.' },
  bounced: { label: 'Bounced', color: 'red', description: 'The address refused it.' },
  suppressed: {
    label: 'Suppressed',
    color: 'orange',
    description: 'Not sent: the recipient opted out.',
  },
  skipped: {
    label: 'Skipped',
    color: 'gray',
    description: 'Not sent: the contact has no identity on this channel.',
  },
  needs_review: {
    label: 'Needs review',
    color: 'yellow',
    description: 'We could not tell whether the provider accepted it; it was not sent again.',
  },
  cancelled: { label: 'Cancelled', color: 'gray', description: 'Not sent: cancelled.' },
  received: { label: 'Received', color: 'violet', description: 'A message from the contact.' },
};

export const MESSAGE_STATUS_OPTIONS = Object.entries(STATUS).map(([value, s]) => ({
  value,
  label: s.label,
}));

export const statusDescription = (status: MessageStatus) => STATUS[status].description;

export function MessageStatusBadge({ status }: { status: MessageStatus }) {
  const s = STATUS[status];
  return (
    <Badge color={s.color} variant="light" title={s.description}>
      {s.label}
    </Badge>
  );
}
