import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { FormError } from '@/components/form-error';
import { formatDateTime } from '@/lib/format';
import type { AudiencePreview } from '../api/types';

type LaunchDialogProps = {
  opened: boolean;
  campaignName: string;
  scheduledAt: string | null;
  counts: AudiencePreview | undefined;
  channelLabel: string | null;
  onConfirm: () => void;
  onClose: () => void;
  loading: boolean;
  error: string | null;
};

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The last look before sending: how many will receive it, how many will not, and when. */
export function LaunchDialog(props: LaunchDialogProps) {
  const { opened, campaignName, scheduledAt, counts, channelLabel, onConfirm, onClose } = props;
  const { loading, error } = props;
  const later = scheduledAt !== null;
  const recipients = counts ? plural(counts.sendable, 'contact', 'contacts') : 'the audience';
  return (
    <Modal
      opened={opened}
      onClose={loading ? () => {} : onClose}
      title={later ? `Schedule “${campaignName}”?` : `Launch “${campaignName}”?`}
      centered
    >
      <Stack>
        <Text size="sm">
          {later
            ? `It will be sent to ${recipients} on ${formatDateTime(scheduledAt)}.`
            : `It will be sent to ${recipients} now.`}
        </Text>
        {counts && (counts.suppressed > 0 || counts.missingIdentity > 0) && (
          <List size="sm">
            {counts.suppressed > 0 && (
              <List.Item>
                {plural(counts.suppressed, 'contact is', 'contacts are')} suppressed and will not be
                sent to.
              </List.Item>
            )}
            {counts.missingIdentity > 0 && (
              <List.Item>
                {plural(counts.missingIdentity, 'contact has', 'contacts have')} no{' '}
                {channelLabel ?? 'channel'} identity and will be skipped.
              </List.Item>
            )}
          </List>
        )}
        <Text size="sm" c="dimmed">
          Launching fixes the audience and the template version. You can pause or cancel while it
          sends.
        </Text>
        <FormError message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button onClick={onConfirm} loading={loading} data-autofocus>
            {later ? `Schedule for ${recipients}` : counts ? `Send to ${recipients}` : 'Launch now'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
