import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconBan } from '@tabler/icons-react';
import { useState } from 'react';
import { DangerButton } from '@/components/danger-button';
import { EmptyList } from '@/components/empty-list';
import { dateColumn, PagedTable } from '@/components/paged-table';
import { useConfirmAction } from '@/components/use-confirm-action';
import { errorMessage } from '@/lib/api/errors';
import { IDENTITY_CHANNEL_OPTIONS, identityChannelLabel } from '@/lib/channels';
import { useForm } from '@/lib/use-form';
import {
  REASONS,
  useCreateSuppression,
  useRemoveSuppression,
  useSuppressions,
  type Suppression,
} from '../api/suppressions';

const CHANNEL_OPTIONS = [{ value: 'all', label: 'All channels' }, ...IDENTITY_CHANNEL_OPTIONS];

type Props = { orgId: string; canEdit: boolean; canLift: boolean };

export function SuppressionsTable({ orgId, canEdit, canLift }: Props) {
  const [channel, setChannel] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const filters = {
    ...(channel && { channel: channel as Suppression['channel'] }),
    ...(reason && { reason: reason as Suppression['reason'] }),
  };
  const query = useSuppressions(orgId, filters);
  const lift = useConfirmAction({
    mutation: useRemoveSuppression(orgId),
    variables: (suppression: Suppression) => suppression.id,
    title: 'Lift this opt-out?',
    confirmLabel: 'Lift opt-out',
    message: (suppression) => (
      <>
        Messages to {suppression.normalized ?? 'this contact'} may be sent again. Only do this with
        the person’s consent.
      </>
    ),
  });

  return (
    <Stack>
      {canEdit && <SuppressForm orgId={orgId} />}
      <Group>
        <Select
          label="Channel"
          placeholder="Any"
          data={CHANNEL_OPTIONS}
          value={channel}
          onChange={setChannel}
          clearable
          w={170}
        />
        <Select
          label="Reason"
          placeholder="Any"
          data={REASONS}
          value={reason}
          onChange={setReason}
          clearable
          w={170}
        />
      </Group>
      <PagedTable
        query={query}
        what="suppressions"
        skeleton={{ rows: 1, height: 120 }}
        errorTitle="Could not load the suppression ledger"
        minWidth={700}
        highlightOnHover={false}
        columns={[
          {
            key: 'channel',
            header: 'Channel',
            cell: (s) => (s.channel === 'all' ? 'All channels' : identityChannelLabel(s.channel)),
          },
          {
            key: 'address',
            header: 'Address or contact',
            cell: (s) => s.normalized ?? `Whole contact ${s.contactId?.slice(0, 8) ?? ''}`,
          },
          {
            key: 'reason',
            header: 'Reason',
            cell: (s) => REASONS.find((r) => r.value === s.reason)?.label,
          },
          { key: 'source', header: 'Source', cell: (s) => `${s.source} · ${s.createdBy}` },
          dateColumn<Suppression>('since', 'Since', (s) => s.createdAt, { exact: true }),
          {
            key: 'actions',
            header: null,
            cell: (s) => canLift && <DangerButton onClick={() => lift.ask(s)}>Lift</DangerButton>,
          },
        ]}
        empty={
          <EmptyList
            icon={IconBan}
            title="No opt-outs"
            description="Unsubscribes, STOP replies, bounces and manual blocks are listed here."
          />
        }
      />
      {lift.dialog}
    </Stack>
  );
}

function SuppressForm({ orgId }: { orgId: string }) {
  const create = useCreateSuppression(orgId);
  const form = useForm({ initialValues: { channel: 'email', value: '', reason: 'manual' } });
  const { values } = form;
  return (
    <form
      onSubmit={form.onSubmit((draft) =>
        create.mutate(
          {
            channel: draft.channel as Suppression['channel'],
            value: draft.value,
            reason: draft.reason as Suppression['reason'],
          },
          {
            onSuccess: () => form.setFieldValue('value', ''),
            onError: (error) => form.setFieldError('value', errorMessage(error)),
          },
        ),
      )}
    >
      <Group align="flex-start">
        <Select
          aria-label="Channel"
          data={CHANNEL_OPTIONS}
          value={values.channel}
          allowDeselect={false}
          onChange={(v) => v && form.setFieldValue('channel', v)}
          w={160}
        />
        <TextInput
          aria-label="Address to suppress"
          placeholder="Email or phone number"
          {...form.getInputProps('value')}
          style={{ flex: 1 }}
        />
        <Select
          aria-label="Reason"
          data={REASONS}
          value={values.reason}
          allowDeselect={false}
          onChange={(v) => v && form.setFieldValue('reason', v)}
          w={160}
        />
        <Button
          type="submit"
          leftSection={<IconBan size={16} />}
          loading={create.isPending}
          disabled={!values.value.trim()}
        >
          Suppress
        </Button>
      </Group>
    </form>
  );
}
