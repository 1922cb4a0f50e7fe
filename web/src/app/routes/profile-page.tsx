import { Paper, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { PageHeader } from '@/components/page-header';
import { EmailChangeForm, PasswordForm, ProfileForm, SessionsList, useMe } from '@/features/auth';
import { useInstance } from '@/lib/instance';

/** The signed-in user's own account: profile, email address, password, sessions. */
export function ProfilePage() {
  useDocumentTitle('Profile · Switchboard');
  const { data: me } = useMe();
  const mailEnabled = useInstance().data?.mail.enabled === true;
  // The layout above only renders with a session.
  if (!me) return null;
  return (
    <Stack gap="xl" maw={900}>
      <PageHeader
        title="Profile"
        description="Your name, time zone, email address, password and sessions."
      />
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
            Email address
          </Title>
          <EmailChangeForm user={me.user} mailEnabled={mailEnabled} />
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
