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
import { notifications } from '@mantine/notifications';
import { IconBan, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorState } from '@/components/error-state';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { useConflicts } from '../api/conflicts';
import {
  useAddIdentity,
  useContact,
  useMerges,
  useRemoveIdentity,
  useUnmerge,
} from '../api/contacts';
import { REASONS, useCreateSuppression, useSuppressions } from '../api/suppressions';
import { ContactGroups } from './contact-groups';
import { ContactHeader } from './contact-header';
import { IdentityInput, type IdentityDraft } from './identity-input';
import { identityChannelLabel } from '@/lib/channels';

type Props = { orgId: string; contactId: string; canEdit: boolean };

const notifyError = (title: string) => (e: unknown) =>
  notifications.show({ color: 'red', title, message: errorMessage(e) });

export function ContactDetail({ orgId, contactId, canEdit }: Props) {
  const contactQuery = useContact(orgId, contactId);
  const suppressions = useSuppressions(orgId, { contactId });
  const conflicts = useConflicts(orgId, { status: 'open', contactId });
  const merges = useMerges(orgId, contactId);
  const addIdentity = useAddIdentity(orgId, contactId);
  const removeIdentity = useRemoveIdentity(orgId, contactId);
  const suppress = useCreateSuppression(orgId);
  const unmerge = useUnmerge(orgId);
  const [draft, setDraft] = useState<IdentityDraft>({ channel: 'email', value: '', region: '' });
  const [removing, setRemoving] = useState<{ id: string; label: string } | null>(null);

  if (contactQuery.isPending)
    return <Skeleton height={200} role="status" aria-label="Loading contact" />;
  if (contactQuery.isError) {
    return (
      <ErrorState
        title="Could not load this contact"
        error={contactQuery.error}
        onRetry={() => void contactQuery.refetch()}
      />
    );
  }
  const contact = contactQuery.data;

  return (
    <Stack gap="lg">
      <ContactHeader orgId={orgId} contact={contact} canEdit={canEdit} />
      <Card withBorder>
        <Title order={4} mb="sm">
          Identities
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>As entered</Table.Th>
              <Table.Th>Normalized</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contact.identities.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{identityChannelLabel(i.channel)}</Table.Td>
                <Table.Td>{i.value}</Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {i.normalized}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {canEdit && (
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
                        aria-label={`Remove ${identityChannelLabel(i.channel)} ${i.normalized}`}
                        onClick={() => {
                          removeIdentity.reset();
                          setRemoving({
                            id: i.id,
                            label: `${identityChannelLabel(i.channel)} ${i.normalized}`,
                          });
                        }}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canEdit && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              addIdentity.mutate(
                {
                  channel: draft.channel,
                  value: draft.value,
                  ...(draft.region ? { region: draft.region } : {}),
                },
                {
                  onSuccess: () => setDraft({ ...draft, value: '' }),
                  onError: notifyError('Could not add the identity'),
                },
              );
            }}
          >
            <Group mt="md" align="flex-start">
              <div style={{ flex: 1 }}>
                <IdentityInput
                  orgId={orgId}
                  contactId={contactId}
                  index={0}
                  draft={draft}
                  onChange={setDraft}
                />
              </div>
              <Button type="submit" loading={addIdentity.isPending} disabled={!draft.value.trim()}>
                Add
              </Button>
            </Group>
          </form>
        )}
      </Card>
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
        {suppressions.isPending ? (
          <Skeleton height={20} role="status" aria-label="Loading opt-outs" />
        ) : suppressions.isError ? (
          <Text size="sm" c="red">
            Could not load the opt-outs: {errorMessage(suppressions.error)}
          </Text>
        ) : flattenPages(suppressions.data).length === 0 ? (
          <Text size="sm" c="dimmed">
            Messages may be sent on every channel.
          </Text>
        ) : (
          <Stack gap={4}>
            {flattenPages(suppressions.data).map((s) => (
              <Text key={s.id} size="sm">
                {s.channel === 'all' ? 'All channels' : identityChannelLabel(s.channel)} ·{' '}
                {s.normalized ?? 'whole contact'} ·{' '}
                {REASONS.find((r) => r.value === s.reason)?.label}
              </Text>
            ))}
          </Stack>
        )}
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
      <ConfirmDialog
        opened={removing !== null}
        title="Remove this identity?"
        confirmLabel="Remove identity"
        loading={removeIdentity.isPending}
        error={removeIdentity.isError ? errorMessage(removeIdentity.error) : null}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing && removeIdentity.mutate(removing.id, { onSuccess: () => setRemoving(null) })
        }
      >
        {removing?.label} is removed from {contact.name}. Its opt-outs are kept.
      </ConfirmDialog>
    </Stack>
  );
}
