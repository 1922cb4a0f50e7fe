import { Paper, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '@/components/page-header';
import { PasswordForm, ProfileForm, SessionsList, useMe } from '@/features/auth';

/** The signed-in user's own account: profile, password, sessions. */
export function ProfilePage() {
  useDocumentTitle('Profile · Switchboard');
  const { data: me } = useMe();
  // The layout above only renders with a session.
  if (!me) return null;
  return (
    <Stack gap="xl" maw={900}>
      <PageHeader title="Profile" description="Your name, time zone, password and sessions." />
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <Title order={2} size="h4">
            Profile
          </Title>
          <ProfileForm user={me.user} />
        </Stack>
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <Title order={2} size="h4">
            Password
          </Title>
          <PasswordForm user={me.user} />
        </Stack>
      </Paper>
      <Paper withBorder p="lg" radius="md">
        <Stack gap="md">
          <Title order={2} size="h4">
            Sessions
          </Title>
          <SessionsList />
        </Stack>
      </Paper>
    </Stack>
  );
}
