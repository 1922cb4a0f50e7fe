import { Anchor, Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { ContactDetail } from '@/features/contacts';
import { ConversationTimeline, SendMessageButton } from '@/features/messages';
import { useOrgContext } from './org-context';

export function ContactPage() {
  const { membership } = useOrgContext();
  const { contactId = '' } = useParams();
  useDocumentTitle(`Contact · ${membership.org.name} · Switchboard`);
  return (
    <Stack gap="md" maw={1000}>
      <Anchor component={Link} to={`/orgs/${membership.org.id}/contacts`} size="sm">
        ← All contacts
      </Anchor>
      <ContactDetail
        orgId={membership.org.id}
        contactId={contactId}
        canEdit={membership.role !== 'viewer'}
      />
      {membership.role !== 'viewer' && (
        <SendMessageButton orgId={membership.org.id} contactId={contactId} />
      )}
      <ConversationTimeline orgId={membership.org.id} contactId={contactId} />
    </Stack>
  );
}
