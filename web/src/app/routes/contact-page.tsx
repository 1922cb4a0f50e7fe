import { Anchor, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { ContactDetail } from '@/features/contacts';
import { ConversationTimeline, SendMessageButton } from '@/features/messages';
import { useOrgPage } from './org-context';

export function ContactPage() {
  const { org, canEdit } = useOrgPage('Contact');
  const { contactId = '' } = useParams();
  return (
    <Stack gap="md" maw={1000}>
      <Anchor component={Link} to={`/orgs/${org.id}/contacts`} size="sm">
        ← All contacts
      </Anchor>
      <ContactDetail orgId={org.id} contactId={contactId} canEdit={canEdit} />
      {canEdit && <SendMessageButton orgId={org.id} contactId={contactId} />}
      <ConversationTimeline orgId={org.id} contactId={contactId} />
    </Stack>
  );
}
