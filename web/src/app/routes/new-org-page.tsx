import { Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { refreshMe, useMe } from '@/features/auth';
import { CreateOrgForm, type Org } from '@/features/orgs';
import { notifyDone } from '@/lib/notify';

export function NewOrgPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const hasOrgs = (me?.memberships.length ?? 0) > 0;
  useDocumentTitle('New organization · Switchboard');

  const onCreated = async (org: Org) => {
    await refreshMe(queryClient);
    notifyDone('Organization created', org.name);
    await navigate(`/orgs/${org.id}`);
  };

  return (
    <Stack maw={520} mx="auto" mt="xl" gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Create an organization
        </Title>
        <Text c="dimmed">
          {hasOrgs
            ? 'Each organization has its own contacts, members and settings.'
            : 'You are not a member of any organization yet. Create one, or ask for an invitation.'}
        </Text>
      </Stack>
      <Paper withBorder p="xl" radius="md">
        <CreateOrgForm
          onCreated={onCreated}
          onCancel={hasOrgs ? () => void navigate(-1) : undefined}
        />
      </Paper>
    </Stack>
  );
}
