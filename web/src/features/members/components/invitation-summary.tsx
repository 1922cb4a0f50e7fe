import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconMailOpened } from '@tabler/icons-react';
import { RoleBadge } from '@/components/role-badge';
import { formatDateTime } from '@/lib/format';
import type { InvitationPreview } from '../api/get-invitation-preview';

/** Why an invitation can no longer be used, or null while it is still open. */
export function invitationUnavailableReason(preview: InvitationPreview): string | null {
  if (preview.status === 'accepted') return 'This invitation has already been accepted.';
  if (preview.status === 'revoked') return 'This invitation was revoked by the organization.';
  if (preview.status === 'expired' || new Date(preview.expiresAt).getTime() < Date.now()) {
    return 'This invitation has expired. Ask the person who invited you for a new link.';
  }
  return null;
}

export function InvitationSummary({ preview }: { preview: InvitationPreview }) {
  return (
    <Alert variant="light" color="blue" icon={<IconMailOpened size={20} />}>
      <Stack gap={6}>
        <Text size="sm">
          You have been invited to join <b>{preview.orgName}</b>.
        </Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Role:
          </Text>
          <RoleBadge role={preview.role} />
        </Group>
        <Text size="sm" c="dimmed">
          Invitation for {preview.email} · expires {formatDateTime(preview.expiresAt)}
        </Text>
      </Stack>
    </Alert>
  );
}
