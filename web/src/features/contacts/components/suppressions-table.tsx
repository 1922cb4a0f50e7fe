import {
  Button,
  EmptyState,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBan } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DateTime } from '@/components/date-time';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import {
  REASONS,
  useCreateSuppression,
  useRemoveSuppression,
  useSuppressions,
  type Suppression,
} from '../api/suppressions';
import { IDENTITY_CHANNEL_OPTIONS, identityChannelLabel } from '@/lib/channels';

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
  const create = useCreateSuppression(orgId);
  const remove = useRemoveSuppression(orgId);
  const [lifting, setLifting] = useState<Suppression | null>(null);
  const [draft, setDraft] = useState({ channel: 'email', value: '', reason: 'manual' });
  const [draftError, setDraftError] = useState<string | null>(null);
  const rows = flattenPages(query.data);

  return (
    <Stack>
      {canEdit && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              {
                channel: draft.channel as Suppression['channel'],
                value: draft.value,
                reason: draft.reason as Suppression['reason'],
              },
              {
                onSuccess: () => setDraft({ ...draft, value: '' }),
                onError: (err) => setDraftError(errorMessage(err)),
              },
            );
          }}
        >
          <Group align="flex-start">
            <Select
              aria-label="Channel"
              data={CHANNEL_OPTIONS}
              value={draft.channel}
              allowDeselect={false}
              onChange={(v) => v && setDraft({ ...draft, channel: v })}
              w={160}
            />
            <TextInput
              aria-label="Address to suppress"
              placeholder="Email or phone number"
              value={draft.value}
              error={draftError}
              onChange={(e) => {
                setDraft({ ...draft, value: e.currentTarget.value });
                setDraftError(null);
              }}
              style={{ flex: 1 }}
            />
            <Select
              aria-label="Reason"
              data={REASONS}
              value={draft.reason}
              allowDeselect={false}
              onChange={(v) => v && setDraft({ ...draft, reason: v })}
              w={160}
            />
            <Button
              type="submit"
              leftSection={<IconBan size={16} />}
              loading={create.isPending}
              disabled={!draft.value.trim()}
            >
              Suppress
            </Button>
          </Group>
        </form>
      )}
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
      {query.isPending ? (
        <Skeleton height={120} role="status" aria-label="Loading suppressions" />
      ) : query.isError ? (
        <ErrorState
          title="Could not load the suppression ledger"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<IconBan size={28} />}
          withIndicatorBackground
          title="No opt-outs"
          description="Unsubscribes, STOP replies, bounces and manual blocks are listed here."
          py="xl"
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Address or contact</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Since</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.channel === 'all' ? 'All channels' : identityChannelLabel(s.channel)}
                    </Table.Td>
                    <Table.Td>
                      {s.normalized ?? `Whole contact ${s.contactId?.slice(0, 8) ?? ''}`}
                    </Table.Td>
                    <Table.Td>{REASONS.find((r) => r.value === s.reason)?.label}</Table.Td>
                    <Table.Td>
                      {s.source} · {s.createdBy}
                    </Table.Td>
                    <Table.Td>
                      <DateTime value={s.createdAt} />
                    </Table.Td>
                    <Table.Td>
                      {canLift && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setLifting(s)}
                        >
                          Lift
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMoreButton
            hasNextPage={query.hasNextPage}
            isFetchingNextPage={query.isFetchingNextPage}
            onLoadMore={() => void query.fetchNextPage()}
          />
        </>
      )}
      <ConfirmDialog
        opened={lifting !== null}
        onClose={() => setLifting(null)}
        title="Lift this opt-out?"
        confirmLabel="Lift opt-out"
        loading={remove.isPending}
        onConfirm={() =>
          lifting &&
          remove.mutate(lifting.id, {
            onSuccess: () => setLifting(null),
            onError: (e) =>
              notifications.show({
                color: 'red',
                title: 'Could not lift',
                message: errorMessage(e),
              }),
          })
        }
      >
        Messages to {lifting?.normalized ?? 'this contact'} may be sent again. Only do this with the
        person’s consent.
      </ConfirmDialog>
    </Stack>
  );
}
