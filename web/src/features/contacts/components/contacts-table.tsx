import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  EmptyState,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconDownload, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { LoadMoreButton } from '@/components/load-more-button';
import { errorMessage } from '@/lib/api/errors';
import { flattenPages } from '@/lib/api/pagination';
import { useContacts, type Channel } from '../api/contacts';
import { useGroupMembership, useGroups } from '../api/groups';
import { exportUrl } from '../api/imports';
import { IDENTITY_CHANNEL_OPTIONS, identityChannelLabel } from '@/lib/channels';

type Props = { orgId: string; canEdit: boolean };

export function ContactsTable({ orgId, canEdit }: Props) {
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const [searchParams, setSearchParams] = useSearchParams();
  const groupId = searchParams.get('groupId');
  const setGroupId = (id: string | null) =>
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('groupId', id);
        else next.delete('groupId');
        return next;
      },
      { replace: true },
    );
  const [channel, setChannel] = useState<string | null>(null);
  const [suppressed, setSuppressed] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkGroup, setBulkGroup] = useState<string | null>(null);
  const groups = useGroups(orgId);
  const membership = useGroupMembership(orgId);
  const filters = {
    ...(query && { query }),
    ...(groupId && { groupId }),
    ...(channel && { channel: channel as Channel }),
    ...(suppressed && { suppressed: suppressed as 'true' | 'false' }),
  };
  const contactsQuery = useContacts(orgId, filters);
  const groupOptions = (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }));
  const contacts = flattenPages(contactsQuery.data);

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const addToGroup = () => {
    if (!bulkGroup || selected.size === 0) return;
    membership.mutate(
      { groupId: bulkGroup, contactIds: [...selected] },
      {
        onSuccess: (r) => {
          notifications.show({
            color: 'teal',
            title: 'Added to group',
            message: `${r.changed} added`,
          });
          setSelected(new Set());
        },
        onError: (e) =>
          notifications.show({ color: 'red', title: 'Could not add', message: errorMessage(e) }),
      },
    );
  };

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Name, email, phone, handle"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 220 }}
        />
        <Select
          label="Group"
          placeholder="Any"
          data={groupOptions}
          value={groupId}
          onChange={setGroupId}
          clearable
          w={170}
        />
        <Select
          label="Channel"
          placeholder="Any"
          data={IDENTITY_CHANNEL_OPTIONS}
          value={channel}
          onChange={setChannel}
          clearable
          w={150}
        />
        <Select
          label="Opt-out"
          placeholder="Any"
          data={[
            { value: 'true', label: 'Suppressed' },
            { value: 'false', label: 'Not suppressed' },
          ]}
          value={suppressed}
          onChange={setSuppressed}
          clearable
          w={160}
        />
        <Button
          component="a"
          href={exportUrl(orgId, { ...filters, suppressed: filters.suppressed })}
          variant="default"
          leftSection={<IconDownload size={16} />}
        >
          Export CSV
        </Button>
      </Group>
      {canEdit && selected.size > 0 && (
        <Group role="region" aria-label="Bulk actions">
          <Text size="sm">{selected.size} selected</Text>
          <Select
            placeholder="Choose a group"
            aria-label="Group to add to"
            data={groupOptions}
            value={bulkGroup}
            onChange={setBulkGroup}
            w={200}
          />
          <Button onClick={addToGroup} disabled={!bulkGroup} loading={membership.isPending}>
            Add to group
          </Button>
          <Button variant="subtle" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </Group>
      )}
      {contactsQuery.isPending ? (
        <Stack gap="xs" role="status" aria-label="Loading contacts">
          {[0, 1, 2, 3].map((r) => (
            <Skeleton key={r} height={44} />
          ))}
        </Stack>
      ) : contactsQuery.isError ? (
        <ErrorState
          title="Could not load contacts"
          error={contactsQuery.error}
          onRetry={() => void contactsQuery.refetch()}
          retrying={contactsQuery.isRefetching}
        />
      ) : contacts.length === 0 ? (
        <EmptyState
          icon={<IconAddressBook size={28} />}
          withIndicatorBackground
          title={Object.keys(filters).length ? 'No contacts match' : 'No contacts yet'}
          description={
            Object.keys(filters).length
              ? 'Try another search or clear the filters.'
              : 'Create contacts one by one or import a CSV file.'
          }
          py="xl"
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  {canEdit && (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Select all shown contacts"
                        checked={contacts.length > 0 && contacts.every((c) => selected.has(c.id))}
                        onChange={(e) =>
                          setSelected(
                            e.currentTarget.checked
                              ? new Set(contacts.map((c) => c.id))
                              : new Set(),
                          )
                        }
                      />
                    </Table.Th>
                  )}
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Identities</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contacts.map((c) => (
                  <Table.Tr key={c.id}>
                    {canEdit && (
                      <Table.Td>
                        <Checkbox
                          aria-label={`Select ${c.name}`}
                          checked={selected.has(c.id)}
                          onChange={() => toggle(c.id)}
                        />
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/orgs/${orgId}/contacts/${c.id}`}
                        fw={500}
                        size="sm"
                      >
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {c.identities.slice(0, 4).map((i) => (
                          <Badge
                            key={i.id}
                            variant="light"
                            color="gray"
                            tt="none"
                            title={identityChannelLabel(i.channel)}
                          >
                            {i.normalized}
                          </Badge>
                        ))}
                        {c.identities.length > 4 && (
                          <Text size="xs">+{c.identities.length - 4}</Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {c.suppressed && (
                        <Badge color="red" variant="light">
                          Suppressed
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMoreButton
            hasNextPage={contactsQuery.hasNextPage}
            isFetchingNextPage={contactsQuery.isFetchingNextPage}
            onLoadMore={() => void contactsQuery.fetchNextPage()}
          />
        </>
      )}
    </Stack>
  );
}
