import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '@/components/page-header';
import { MessageActions, MessageLog } from '@/features/messages';
import { useOrgContext } from './org-context';

export function MessagesPage() {
  const { membership } = useOrgContext();
  const { org } = membership;
  useDocumentTitle(`Messages · ${org.name} · Switchboard`);
  return (
    <Stack gap="xl" maw={1200}>
      <PageHeader
        title="Messages"
        description="Every message sent and received, newest first, with what happened to each one."
      />
      <MessageLog
        orgId={org.id}
        renderActions={(messageId) => <MessageActions orgId={org.id} messageId={messageId} />}
      />
    </Stack>
  );
}
