import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { InviteMemberModal, MembersTable, PendingInvitations } from '@/features/members';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function MembersPage() {
  const { org, role, user, admin } = useOrgPage('Members');
  const [inviteOpened, invite] = useDisclosure(false);
  return (
    <OrgPage
      title="Members"
      description={`People with access to ${org.name}.`}
      actions={
        admin && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open}>
            Invite member
          </Button>
        )
      }
      maw={1100}
    >
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
    </OrgPage>
  );
}
