import { MessageActions, MessageLog } from '@/features/messages';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

export function MessagesPage() {
  const { org } = useOrgPage('Messages');
  return (
    <OrgPage
      title="Messages"
      description="Every message sent and received, newest first, with what happened to each one."
      maw={1200}
    >
      <MessageLog
        orgId={org.id}
        renderActions={(messageId) => <MessageActions orgId={org.id} messageId={messageId} />}
      />
    </OrgPage>
  );
}
