import { Fieldset, Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import {
  useContactSearch,
  useContactsById,
  useGroupOptions,
  type ContactOption,
} from '../api/form-options';
import type { IdentityChannel } from '../api/types';

type AudienceFieldsProps = {
  orgId: string;
  groupIds: string[];
  contactIds: string[];
  onGroupsChange: (ids: string[]) => void;
  onContactsChange: (ids: string[]) => void;
  filterQuery: string;
  filterChannel: IdentityChannel | null;
  onFilterQueryChange: (query: string) => void;
  onFilterChannelChange: (channel: IdentityChannel | null) => void;
  error?: string;
  filterError?: string;
};

const ANY_CHANNEL = 'any';
const IDENTITY_CHANNELS: { value: IdentityChannel | typeof ANY_CHANNEL; label: string }[] = [
  { value: ANY_CHANNEL, label: 'Any (no channel filter)' },
  { value: 'email', label: 'Email address' },
  { value: 'phone', label: 'Phone number' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'telegram', label: 'Telegram' },
  { value: 'instagram', label: 'Instagram' },
];

const contactLabel = (c: ContactOption) => {
  const first = c.identities[0];
  return first ? `${c.name} (${first.normalized})` : c.name;
};

/** Groups, individual contacts found by a server-side search, and a filter narrowing both. */
export function AudienceFields(props: AudienceFieldsProps) {
  const { orgId, groupIds, contactIds, onGroupsChange, onContactsChange, error } = props;
  const { filterQuery, filterChannel, onFilterQueryChange, onFilterChannelChange, filterError } =
    props;
  const groups = useGroupOptions(orgId);
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const found = useContactSearch(orgId, query);
  // Labels of the chosen contacts, remembered when picked; a saved draft's are fetched.
  const [labels, setLabels] = useState<Record<string, string>>({});
  const unlabelled = useContactsById(
    orgId,
    contactIds.filter((id) => labels[id] === undefined),
  );
  const fetched = new Map(
    unlabelled.flatMap((q) => (q.data ? [[q.data.id, contactLabel(q.data)] as const] : [])),
  );
  const options = new Map<string, string>();
  for (const id of contactIds) options.set(id, labels[id] ?? fetched.get(id) ?? 'Loading…');
  for (const c of found.data?.items ?? []) options.set(c.id, contactLabel(c));
  const contactData = [...options].map(([value, label]) => ({ value, label }));

  const groupData = (groups.data?.items ?? []).map((g) => ({
    value: g.id,
    label: `${g.name} (${g.memberCount.toLocaleString()})`,
  }));

  return (
    <Stack gap="sm">
      <MultiSelect
        label="Groups"
        description="Everyone in these groups, as they are when the campaign launches."
        placeholder={groupIds.length ? undefined : 'Choose groups'}
        data={groupData}
        value={groupIds}
        onChange={onGroupsChange}
        searchable
        clearable
        nothingFoundMessage={groups.isPending ? 'Loading groups…' : 'No groups'}
        error={error ?? (groups.isError ? 'Could not load groups' : undefined)}
      />
      <MultiSelect
        label="Individual contacts"
        description="Search by name, email, phone or handle."
        placeholder={contactIds.length ? undefined : 'Search contacts'}
        data={contactData}
        value={contactIds}
        onChange={(ids) => {
          const known: Record<string, string> = {};
          for (const c of found.data?.items ?? []) known[c.id] = contactLabel(c);
          setLabels((prev) => ({ ...prev, ...known }));
          onContactsChange(ids);
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        // The server already filtered: show its results as they are.
        filter={({ options }) => options}
        hidePickedOptions
        clearable
        nothingFoundMessage={found.isFetching ? 'Searching…' : 'No contacts match'}
        error={error !== undefined}
      />
      <Fieldset
        legend="Narrow it down (optional)"
        variant="filled"
        aria-describedby="audience-filter-help"
      >
        <Stack gap="xs">
          <Text id="audience-filter-help" size="sm" c="dimmed">
            Applies to the groups and contacts above: only those matching every filter receive it.
          </Text>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="Name contains"
              description="Not case-sensitive."
              placeholder="e.g. Smith"
              miw={220}
              value={filterQuery}
              onChange={(e) => onFilterQueryChange(e.currentTarget.value)}
              error={filterError}
            />
            <Select
              label="Has an identity on"
              description="For example, only contacts with a phone number."
              miw={220}
              data={IDENTITY_CHANNELS}
              value={filterChannel ?? ANY_CHANNEL}
              allowDeselect={false}
              onChange={(value) =>
                onFilterChannelChange(
                  !value || value === ANY_CHANNEL ? null : (value as IdentityChannel),
                )
              }
            />
          </Group>
        </Stack>
      </Fieldset>
    </Stack>
  );
}
