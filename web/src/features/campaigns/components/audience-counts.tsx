import { Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { errorMessage } from '@/lib/api/errors';
import type { useAudiencePreview } from '../api/preview-audience';

type AudienceCountsProps = {
  preview: ReturnType<typeof useAudiencePreview>;
  /** Whether an integration and at least one group or contact are chosen. */
  ready: boolean;
  channelLabel: string | null;
  /** Whether a filter narrows the groups and contacts. */
  filtered?: boolean;
  /** The filter has an error: nothing is counted until it is fixed. */
  blockedByFilter?: boolean;
};

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Paper withBorder p="xs" radius="md" role="group" aria-label={`${label}: ${value}`}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} c={value > 0 ? color : undefined}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

/** Who the chosen audience reaches, recomputed by the server as the choice changes. */
export function AudienceCounts(props: AudienceCountsProps) {
  const { preview, ready, channelLabel, filtered, blockedByFilter } = props;
  const data = ready ? preview.data : undefined;
  return (
    <Stack gap="xs" role="region" aria-label="Audience preview" aria-live="polite">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Who will receive it
        </Text>
        {ready && filtered && (
          <Text size="sm" c="dimmed">
            (after the filter)
          </Text>
        )}
        {ready && preview.isFetching && <Loader size="xs" aria-label="Updating counts" />}
      </Group>
      {blockedByFilter ? (
        <Text size="sm" c="dimmed">
          Fix the filter to see who will receive it.
        </Text>
      ) : !ready ? (
        <Text size="sm" c="dimmed">
          Choose an integration and at least one group or contact to see who will receive it.
        </Text>
      ) : preview.isError ? (
        <Text size="sm" c="red">
          Could not count the audience: {errorMessage(preview.error)}
        </Text>
      ) : !data ? (
        <Text size="sm" c="dimmed">
          Counting…
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Count label="In the audience" value={data.total} />
          <Count label="Will be sent" value={data.sendable} color="teal" />
          <Count label="Suppressed" value={data.suppressed} color="orange" />
          <Count
            label={channelLabel ? `No ${channelLabel} identity` : 'No identity on the channel'}
            value={data.missingIdentity}
            color="orange"
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
