import { Button, Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import { InviteMemberModal, MembersTable, PendingInvitations } from '@/features/members';
import { canAdminister } from '@/lib/roles';
import { useOrgContext } from './org-context';

export function MembersPage() {
  const { membership, user } = useOrgContext();
  const { org, role } = membership;
  const admin = canAdminister(role);
  const [inviteOpened, invite] = useDisclosure(false);
  useDocumentTitle(`Members · ${org.name} · Switchboard`);

  return (
    <Stack gap="xl" maw={1100}>
      <PageHeader
        title="Members"
        description={`People with access to ${org.name}.`}
        actions={
          admin && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open}>
              Invite member
            </Button>
          )
        }
      />
      <MembersTable orgId={org.id} viewerRole={role} viewerUserId={user.id} />
      {admin && <PendingInvitations orgId={org.id} />}
      {admin && (
        <InviteMemberModal
          orgId={org.id}
          orgName={org.name}
          viewerRole={role}
          opened={inviteOpened}
          onClose={invite.close}
        />
      )}
    </Stack>
  );
}
