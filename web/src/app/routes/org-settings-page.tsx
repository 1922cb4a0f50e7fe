import { Paper, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { QueryState } from '@/components/query-state';
import { refreshMe } from '@/features/auth';
import { LogoSettings, OrgSettingsForm, useOrgSettings } from '@/features/settings';
import { useOrgPage } from './org-context';
import { OrgPage } from './org-page';

/** The org's profile, defaults and logo: admins edit, everyone else reads. */
export function OrgSettingsPage() {
  const { org, admin } = useOrgPage('Settings');
  const settings = useOrgSettings(org.id);
  const queryClient = useQueryClient();
  return (
    <OrgPage
      title="Settings"
      description="The organization's profile, defaults and branding."
      maw={900}
    >
      <QueryState query={settings} what="settings">
        {(data) => (
          <Stack gap="lg">
            <Paper withBorder p="lg" radius="md">
              <Stack gap="md">
                <Title order={2} size="h4">
                  Logo
                </Title>
                <LogoSettings orgId={org.id} orgName={data.name} settings={data} canEdit={admin} />
              </Stack>
            </Paper>
            <Paper withBorder p="lg" radius="md">
              <Stack gap="md">
                <Title order={2} size="h4">
                  Profile and defaults
                </Title>
                <OrgSettingsForm
                  orgId={org.id}
                  settings={data}
                  canEdit={admin}
                  // The org's name is also in the session (switcher, page titles).
                  onSaved={() => refreshMe(queryClient)}
                />
              </Stack>
            </Paper>
          </Stack>
        )}
      </QueryState>
    </OrgPage>
  );
}
