import { ActionIcon, Badge, Button, Group, Select, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '@/lib/api/errors';
import { notifyDone, notifyError } from '@/lib/notify';
import type { Contact } from '../api/contacts';
import { useGroupMembership, useGroups } from '../api/groups';

type Props = { orgId: string; contact: Contact; canEdit: boolean };

/** The contact's groups: remove it from one, or add it to another. */
export function ContactGroups({ orgId, contact, canEdit }: Props) {
  const groups = useGroups(orgId);
  const membership = useGroupMembership(orgId);
  const [toAdd, setToAdd] = useState<string | null>(null);
  const all = groups.data?.items ?? [];
  const groupName = (id: string) => all.find((g) => g.id === id)?.name ?? 'Group';
  const others = all
    .filter((g) => !contact.groupIds.includes(g.id))
    .map((g) => ({ value: g.id, label: g.name }));

  const change = (groupId: string, remove: boolean) =>
    membership.mutate(
      { groupId, contactIds: [contact.id], remove },
      {
        onSuccess: () => {
          notifyDone(remove ? 'Removed from group' : 'Added to group', groupName(groupId));
          if (!remove) setToAdd(null);
        },
        onError: notifyError(
          remove ? 'Could not remove from the group' : 'Could not add to the group',
        ),
      },
    );

  return (
    <>
      {/* A list only while it has items: an empty one is invalid ARIA (WCAG 1.3.1). */}
      <Group
        gap={6}
        mt="sm"
        {...(contact.groupIds.length > 0 && { role: 'list', 'aria-label': 'Groups' })}
      >
        {contact.groupIds.map((g) => (
          <Badge
            key={g}
            role="listitem"
            variant="outline"
            tt="none"
            rightSection={
              canEdit && (
                <ActionIcon
                  size="xs"
                  variant="transparent"
                  color="gray"
                  aria-label={`Remove from ${groupName(g)}`}
                  disabled={membership.isPending}
                  onClick={() => change(g, true)}
                >
                  <IconX size={12} />
                </ActionIcon>
              )
            }
          >
            {groupName(g)}
          </Badge>
        ))}
        {contact.groupIds.length === 0 && (
          <Text size="sm" c="dimmed">
            In no group.
          </Text>
        )}
      </Group>
      {canEdit && others.length > 0 && (
        <Group mt="sm" gap="xs">
          <Select
            aria-label="Group to add this contact to"
            placeholder="Add to a group"
            data={others}
            value={toAdd}
            onChange={setToAdd}
            searchable
            w={220}
          />
          <Button
            variant="light"
            disabled={!toAdd}
            loading={membership.isPending}
            onClick={() => toAdd && change(toAdd, false)}
          >
            Add
          </Button>
        </Group>
      )}
      {groups.isError && (
        <Text size="xs" c="red" mt="xs">
          Could not load the group names: {errorMessage(groups.error)}
        </Text>
      )}
    </>
  );
}
