import { Button, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { DangerButton } from '@/components/danger-button';
import { actionsColumn, dateColumn, PagedTable } from '@/components/paged-table';
import { RoleBadge } from '@/components/role-badge';
import { useConfirmAction } from '@/components/use-confirm-action';
import { notifyDone } from '@/lib/notify';
import { useInvitations, type Invitation } from '../api/list-invitations';
import { useRevokeInvitation } from '../api/revoke-invitation';

/** Invitations not yet accepted, revoked or expired, each revocable. */
export function PendingInvitations({ orgId }: { orgId: string }) {
  const invitationsQuery = useInvitations(orgId);
  const revoke = useConfirmAction({
    mutation: useRevokeInvitation(orgId),
    variables: (invitation: Invitation) => invitation.id,
    title: 'Revoke invitation?',
    confirmLabel: 'Revoke invitation',
    message: (invitation) => (
      <>
        The invitation link sent to <b>{invitation.email}</b> will stop working. You can send a new
        invitation at any time.
      </>
    ),
    onDone: (_, invitation) =>
      notifyDone('Invitation revoked', `The link sent to ${invitation.email} no longer works.`),
  });

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Pending invitations
      </Title>
      <PagedTable
        query={invitationsQuery}
        filter={(invitation) => invitation.status === 'pending'}
        what="invitations"
        skeleton={{ rows: 1 }}
        minWidth={760}
        highlightOnHover={false}
        columns={[
          {
            key: 'email',
            header: 'Email',
            cell: (invitation) => <Text size="sm">{invitation.email}</Text>,
          },
          {
            key: 'role',
            header: 'Role',
            cell: (invitation) => <RoleBadge role={invitation.role} />,
          },
          dateColumn<Invitation>('invited', 'Invited', (invitation) => invitation.createdAt),
          {
            key: 'by',
            header: 'Invited by',
            cell: (invitation) => (
              <Text size="sm" c={invitation.invitedBy ? undefined : 'dimmed'}>
                {invitation.invitedBy?.name ?? '—'}
              </Text>
            ),
          },
          dateColumn<Invitation>('expires', 'Expires', (invitation) => invitation.expiresAt),
          actionsColumn<Invitation>((invitation) => (
            <Group gap={4} justify="flex-end" wrap="nowrap">
              {invitation.acceptUrl && (
                <CopyButton value={invitation.acceptUrl}>
                  {({ copied, copy }) => (
                    <Button
                      size="xs"
                      variant="subtle"
                      aria-label={`${copied ? 'Link copied' : 'Copy link'} for ${invitation.email}`}
                      onClick={copy}
                    >
                      {copied ? 'Link copied' : 'Copy link'}
                    </Button>
                  )}
                </CopyButton>
              )}
              <DangerButton
                aria-label={`Revoke invitation for ${invitation.email}`}
                onClick={() => revoke.ask(invitation)}
              >
                Revoke
              </DangerButton>
            </Group>
          )),
        ]}
        empty={
          <Text size="sm" c="dimmed">
            No pending invitations.
          </Text>
        }
      >
        {revoke.dialog}
      </PagedTable>
    </Stack>
  );
}
