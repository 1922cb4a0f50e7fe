import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconBan, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { actionsColumn, DataTable } from '@/components/data-table';
import { QueryState } from '@/components/query-state';
import { useConfirmAction } from '@/components/use-confirm-action';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { identityChannelLabel } from '@/lib/channels';
import { notifyError } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { useConflicts } from '../api/conflicts';
import {
  useAddIdentity,
  useContact,
  useMerges,
  useRemoveIdentity,
  useUnmerge,
  type Contact,
  type Identity,
} from '../api/contacts';
import { REASONS, useCreateSuppression, useSuppressions } from '../api/suppressions';
import { ContactGroups } from './contact-groups';
import { ContactHeader } from './contact-header';
import { IdentityInput, type IdentityDraft } from './identity-input';
type Props = { orgId: string; contactId: string; canEdit: boolean };

export function ContactDetail({ orgId, contactId, canEdit }: Props) {
  const contactQuery = useContact(orgId, contactId);
  // Asked for with the contact, not once it is loaded.
  const suppressions = useSuppressions(orgId, { contactId });
  const conflicts = useConflicts(orgId, { status: 'open', contactId });
  const merges = useMerges(orgId, contactId);
  const suppress = useCreateSuppression(orgId);
  const unmerge = useUnmerge(orgId);

  return (
    <QueryState
      query={contactQuery}
      what="contact"
      skeleton={{ rows: 1, height: 200 }}
      errorTitle="Could not load this contact"
    >
      {(contact) => (
        <Stack gap="lg">
          <ContactHeader orgId={orgId} contact={contact} canEdit={canEdit} />
          <IdentitiesCard orgId={orgId} contact={contact} canEdit={canEdit} />
          <Card withBorder>
            <Title order={4} mb="sm">
              Attributes and groups
            </Title>
            {Object.keys(contact.attributes).length === 0 ? (
              <Text size="sm" c="dimmed">
                No attributes.
              </Text>
            ) : (
              <Table>
                <Table.Tbody>
                  {Object.entries(contact.attributes).map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Td w={200}>
                        <Text size="sm" fw={500}>
                          {k}
                        </Text>
                      </Table.Td>
                      <Table.Td>{v}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <ContactGroups orgId={orgId} contact={contact} canEdit={canEdit} />
          </Card>
          <Card withBorder>
            <Group justify="space-between" mb="sm">
              <Title order={4}>Opt-outs</Title>
              {canEdit && (
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  onClick={() =>
                    suppress.mutate(
                      { channel: 'all', contactId, reason: 'manual' },
                      { onError: notifyError('Could not suppress') },
                    )
                  }
                >
                  Suppress on all channels
                </Button>
              )}
            </Group>
            <QueryState
              query={suppressions}
              what="opt-outs"
              skeleton={{ rows: 1, height: 20 }}
              errorTitle="Could not load the opt-outs"
              isEmpty={(data) => flattenPages(data).length === 0}
              empty={
                <Text size="sm" c="dimmed">
                  Messages may be sent on every channel.
                </Text>
              }
            >
              {(data) => (
                <Stack gap={4}>
                  {flattenPages(data).map((s) => (
                    <Text key={s.id} size="sm">
                      {s.channel === 'all' ? 'All channels' : identityChannelLabel(s.channel)} ·{' '}
                      {s.normalized ?? 'whole contact'} ·{' '}
                      {REASONS.find((r) => r.value === s.reason)?.label}
                    </Text>
                  ))}
                </Stack>
              )}
            </QueryState>
          </Card>
          <Card withBorder>
            <Title order={4} mb="sm">
              Conflicts and merges
            </Title>
            {(conflicts.isError || merges.isError) && (
              <Text size="sm" c="red">
                Could not load conflicts and merges: {errorMessage(conflicts.error ?? merges.error)}
              </Text>
            )}
            {(conflicts.isPending || merges.isPending) && (
              <Skeleton height={20} role="status" aria-label="Loading conflicts and merges" />
            )}
            {flattenPages(conflicts.data).map((c) => (
              <Text key={c.id} size="sm">
                {c.kind === 'possible_duplicate' ? 'Possible duplicate' : 'Identity conflict'}:{' '}
                {c.identity.normalized}{' '}
                <Anchor component={Link} to={`/orgs/${orgId}/contacts/conflicts`}>
                  Review
                </Anchor>
              </Text>
            ))}
            {(merges.data?.items ?? []).map((m) => (
              <Group key={m.id} gap="xs">
                <Text size="sm">
                  Merged “{m.sourceName}” into this contact ({m.mergedBy})
                </Text>
                {canEdit && m.reversible && (
                  <Button
                    size="xs"
                    variant="subtle"
                    loading={unmerge.isPending}
                    onClick={() =>
                      unmerge.mutate(m.id, { onError: notifyError('Could not undo the merge') })
                    }
                  >
                    Undo merge
                  </Button>
                )}
              </Group>
            ))}
            {conflicts.isSuccess &&
              merges.isSuccess &&
              flattenPages(conflicts.data).length === 0 &&
              merges.data.items.length === 0 && (
                <Text size="sm" c="dimmed">
                  No open conflicts.
                </Text>
              )}
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}

const identityLabel = (i: Identity) => `${identityChannelLabel(i.channel)} ${i.normalized}`;

/** The contact's identities: suppress one, remove one (after confirming), add one. */
function IdentitiesCard({
  orgId,
  contact,
  canEdit,
}: Omit<Props, 'contactId'> & { contact: Contact }) {
  const suppress = useCreateSuppression(orgId);
  const remove = useConfirmAction({
    mutation: useRemoveIdentity(orgId, contact.id),
    variables: (identity: Identity) => identity.id,
    title: 'Remove this identity?',
    confirmLabel: 'Remove identity',
    message: (identity) =>
      `${identityLabel(identity)} is removed from ${contact.name}. Its opt-outs are kept.`,
  });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Identities
      </Title>
      <DataTable
        rows={contact.identities}
        minWidth={560}
        highlightOnHover={false}
        columns={[
          { key: 'channel', header: 'Channel', cell: (i) => identityChannelLabel(i.channel) },
          { key: 'value', header: 'As entered', cell: (i) => i.value },
          {
            key: 'normalized',
            header: 'Normalized',
            cell: (i) => (
              <Text ff="monospace" size="sm">
                {i.normalized}
              </Text>
            ),
          },
          actionsColumn<Identity>(
            (i) =>
              canEdit && (
                <Group gap={4} justify="flex-end">
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Suppress ${i.normalized} on ${identityChannelLabel(i.channel)}`}
                    onClick={() =>
                      suppress.mutate(
                        { channel: i.channel, identityId: i.id, reason: 'manual' },
                        { onError: notifyError('Could not suppress') },
                      )
                    }
                  >
                    <IconBan size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${identityLabel(i)}`}
                    onClick={() => remove.ask(i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ),
          ),
        ]}
      />
      {canEdit && <AddIdentityForm orgId={orgId} contactId={contact.id} />}
      {remove.dialog}
    </Card>
  );
}

function AddIdentityForm({ orgId, contactId }: { orgId: string; contactId: string }) {
  const add = useAddIdentity(orgId, contactId);
  const form = useForm<IdentityDraft>({
    initialValues: { channel: 'email', value: '', region: '' },
  });
  return (
    <form
      onSubmit={form.onSubmit((draft) =>
        add.mutate(
          {
            channel: draft.channel,
            value: draft.value,
            ...(draft.region ? { region: draft.region } : {}),
          },
          {
            onSuccess: () => form.setFieldValue('value', ''),
            onError: notifyError('Could not add the identity'),
          },
        ),
      )}
    >
      <Group mt="md" align="flex-start">
        <div style={{ flex: 1 }}>
          <IdentityInput
            orgId={orgId}
            contactId={contactId}
            index={0}
            draft={form.values}
            onChange={(draft) => form.setValues(() => draft)}
          />
        </div>
        <Button type="submit" loading={add.isPending} disabled={!form.values.value.trim()}>
          Add
        </Button>
      </Group>
    </form>
  );
}
