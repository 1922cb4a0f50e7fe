import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCloudDownload, IconRefresh } from '@tabler/icons-react';

/** A page's code could not be downloaded (a new version was deployed, or the network dropped). */
export function ChunkLoadFailed() {
  return (
    <Stack maw={640}>
      <Alert
        color="yellow"
        icon={<IconCloudDownload size={18} />}
        title="This page could not be downloaded"
        role="alert"
      >
        <Text size="sm">
          Switchboard may have been updated since you opened it, or the connection dropped.
          Reloading gets the latest version; nothing you saved is lost.
        </Text>
      </Alert>
      <Group>
        <Button leftSection={<IconRefresh size={16} />} onClick={() => window.location.reload()}>
          Reload Switchboard
        </Button>
      </Group>
    </Stack>
  );
}
