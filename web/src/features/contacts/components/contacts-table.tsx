import { Badge, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAddressBook, IconDownload, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyList } from '@/components/empty-list';
import { nameColumn, PagedTable } from '@/components/paged-table';
import { flattenPages } from '@/lib/api/pagination';
import { useContacts, type Channel, type Contact } from '../api/contacts';
import { useGroupMembership, useGroups } from '../api/groups';
import { exportUrl } from '../api/imports';
import { IDENTITY_CHANNEL_OPTIONS, identityChannelLabel } from '@/lib/channels';
import { notifyDone, notifyError } from '@/lib/notify';

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
          notifyDone('Added to group', `${r.changed} added`);
          setSelected(new Set());
        },
        onError: notifyError('Could not add'),
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
      <PagedTable
        query={contactsQuery}
        what="contacts"
        skeleton={{ rows: 4 }}
        minWidth={760}
        columns={[
          canEdit && {
            key: 'select',
            width: 40,
            header: (
              <Checkbox
                aria-label="Select all shown contacts"
                checked={contacts.length > 0 && contacts.every((c) => selected.has(c.id))}
                onChange={(e) =>
                  setSelected(
                    e.currentTarget.checked ? new Set(contacts.map((c) => c.id)) : new Set(),
                  )
                }
              />
            ),
            cell: (c: Contact) => (
              <Checkbox
                aria-label={`Select ${c.name}`}
                checked={selected.has(c.id)}
                onChange={() => toggle(c.id)}
              />
            ),
          },
          nameColumn<Contact>((c) => `/orgs/${orgId}/contacts/${c.id}`),
          {
            key: 'identities',
            header: 'Identities',
            cell: (c) => (
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
                {c.identities.length > 4 && <Text size="xs">+{c.identities.length - 4}</Text>}
              </Group>
            ),
          },
          {
            key: 'status',
            header: 'Status',
            cell: (c) =>
              c.suppressed && (
                <Badge color="red" variant="light">
                  Suppressed
                </Badge>
              ),
          },
        ]}
        empty={
          <EmptyList
            icon={IconAddressBook}
            title={Object.keys(filters).length ? 'No contacts match' : 'No contacts yet'}
            description={
              Object.keys(filters).length
                ? 'Try another search or clear the filters.'
                : 'Create contacts one by one or import a CSV file.'
            }
          />
        }
      />
    </Stack>
  );
}
