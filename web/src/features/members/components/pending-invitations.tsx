import {
  Button,
  CopyButton,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { RoleBadge } from '@/components/role-badge';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { useInvitations, type Invitation } from '../api/list-invitations';
import { useRevokeInvitation } from '../api/revoke-invitation';

/** Invitations not yet accepted, revoked or expired, each revocable. */
export function PendingInvitations({ orgId }: { orgId: string }) {
  const invitationsQuery = useInvitations(orgId);
  const revokeMutation = useRevokeInvitation(orgId);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [confirmOpened, confirm] = useDisclosure(false);

  const heading = (
    <Title order={2} size="h4">
      Pending invitations
    </Title>
  );

  if (invitationsQuery.isPending) {
    return (
      <Stack gap="xs">
        {heading}
        <Skeleton height={44} aria-label="Loading invitations" />
      </Stack>
    );
  }
  if (invitationsQuery.isError) {
    return (
      <Stack gap="xs">
        {heading}
        <ErrorState
          title="Could not load invitations"
          error={invitationsQuery.error}
          onRetry={() => void invitationsQuery.refetch()}
          retrying={invitationsQuery.isRefetching}
        />
      </Stack>
    );
  }

  const pending = flattenPages(invitationsQuery.data).filter(
    (invitation) => invitation.status === 'pending',
  );
  const confirmRevoke = () => {
    if (!revoking) return;
    revokeMutation.mutate(revoking.id, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          title: 'Invitation revoked',
          message: `The link sent to ${revoking.email} no longer works.`,
        });
        confirm.close();
      },
    });
  };

  return (
    <Stack gap="xs">
      {heading}
      {pending.length === 0 ? (
        <Text size="sm" c="dimmed">
          No pending invitations.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Invited</Table.Th>
                <Table.Th>Invited by</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.map((invitation) => (
                <Table.Tr key={invitation.id}>
                  <Table.Td>
                    <Text size="sm">{invitation.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={invitation.role} />
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={invitation.createdAt} relative />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={invitation.invitedBy ? undefined : 'dimmed'}>
                      {invitation.invitedBy?.name ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <DateTime value={invitation.expiresAt} relative />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {invitation.acceptUrl && (
                        <CopyButton value={invitation.acceptUrl}>
                          {({ copied, copy }) => (
                            <Button
                              size="xs"
                              variant="subtle"
                              aria-label={`Copy the invitation link for ${invitation.email}`}
                              onClick={copy}
                            >
                              {copied ? 'Link copied' : 'Copy link'}
                            </Button>
                          )}
                        </CopyButton>
                      )}
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke invitation for ${invitation.email}`}
                        onClick={() => {
                          revokeMutation.reset();
                          setRevoking(invitation);
                          confirm.open();
                        }}
                      >
                        Revoke
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={invitationsQuery.hasNextPage}
        isFetchingNextPage={invitationsQuery.isFetchingNextPage}
        onLoadMore={() => void invitationsQuery.fetchNextPage()}
      />
      <ConfirmDialog
        opened={confirmOpened}
        title="Revoke invitation?"
        confirmLabel="Revoke invitation"
        onConfirm={confirmRevoke}
        onClose={confirm.close}
        loading={revokeMutation.isPending}
        error={revokeMutation.isError ? errorMessage(revokeMutation.error) : null}
      >
        The invitation link sent to <b>{revoking?.email}</b> will stop working. You can send a new
        invitation at any time.
      </ConfirmDialog>
    </Stack>
  );
}
