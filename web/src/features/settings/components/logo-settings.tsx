import { Alert, Button, FileButton, Group, Image, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconUpload } from '@tabler/icons-react';
import { DangerButton } from '@/components/danger-button';
import { useConfirmAction } from '@/components/use-confirm-action';
import { errorMessage } from '@/lib/api/errors';
import { notifyDone } from '@/lib/notify';
import type { OrgSettings } from '../api/get-settings';
import { useRemoveLogo, useUploadLogo } from '../api/logo';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';
const KB = 1024;

type LogoSettingsProps = {
  orgId: string;
  orgName: string;
  settings: OrgSettings;
  canEdit: boolean;
};

/** The logo, with upload and removal for admins. The server judges the file by its content. */
export function LogoSettings({ orgId, orgName, settings, canEdit }: LogoSettingsProps) {
  const upload = useUploadLogo(orgId);
  const remove = useRemoveLogo(orgId);
  const confirmRemove = useConfirmAction({
    mutation: remove,
    variables: () => undefined,
    title: 'Remove the logo?',
    confirmLabel: 'Remove logo',
    message: () => 'The app and unsubscribe pages show the organization name instead.',
    onDone: () => notifyDone('Logo removed', 'The organization has no logo now.'),
  });
  const { logo } = settings;

  const choose = (file: File | null) => {
    if (!file) return;
    upload.mutate(file, {
      onSuccess: () => notifyDone('Logo uploaded', 'The new logo is shown in the app.'),
    });
  };

  return (
    <Stack gap="sm">
      {logo ? (
        <Group gap="md" wrap="wrap">
          <Image
            src={logo.url}
            alt={`${orgName} logo`}
            h={64}
            w="auto"
            fit="contain"
            radius="sm"
            data-testid="settings-logo"
          />
          <Text size="sm" c="dimmed">
            {logo.width}×{logo.height} px · {logo.contentType.replace('image/', '').toUpperCase()} ·{' '}
            {Math.ceil(logo.bytes / KB)} KB
          </Text>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          No logo yet.
        </Text>
      )}
      {upload.error !== null && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" variant="light">
          {errorMessage(upload.error)}
        </Alert>
      )}
      {canEdit && (
        <Group gap="sm">
          <FileButton onChange={choose} accept={ACCEPT}>
            {(props) => (
              <Button
                {...props}
                variant="default"
                leftSection={<IconUpload size={16} />}
                loading={upload.isPending}
              >
                {logo ? 'Replace logo' : 'Upload logo'}
              </Button>
            )}
          </FileButton>
          {logo && <DangerButton onClick={() => confirmRemove.ask(true)}>Remove logo</DangerButton>}
        </Group>
      )}
      {canEdit && (
        <Text size="xs" c="dimmed">
          PNG, JPEG, WebP or GIF; at most 1 MB and 32–2048 pixels on each side.
        </Text>
      )}
      {confirmRemove.dialog}
    </Stack>
  );
}
