import { ActionIcon, Code, Group, Popover, ScrollArea, Text } from '@mantine/core';
import { IconBraces, IconKey, IconRobot, IconUser } from '@tabler/icons-react';
import type { AuditLogEntry } from '../api/list-audit-log';

export function AuditActor({ actor }: { actor: AuditLogEntry['actor'] }) {
  if (actor.type === 'system') {
    return (
      <Group gap={6} wrap="nowrap">
        <IconRobot size={16} aria-hidden />
        <Text size="sm">System</Text>
      </Group>
    );
  }
  const isKey = actor.type === 'api_key';
  const fallback = isKey ? 'Deleted API key' : 'Deleted user';
  return (
    <Group gap={6} wrap="nowrap">
      {isKey ? (
        <IconKey size={16} aria-label="API key" />
      ) : (
        <IconUser size={16} aria-label="User" />
      )}
      <Text size="sm" c={actor.name ? undefined : 'dimmed'}>
        {actor.name ?? fallback}
      </Text>
    </Group>
  );
}

/** Ids are UUIDv7, whose leading characters are a timestamp: the tail is what tells them apart. */
export function AuditTarget({ entry }: { entry: AuditLogEntry }) {
  if (!entry.targetType) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Text size="sm">
      {entry.targetType}{' '}
      {entry.targetId && <Code title={entry.targetId}>{`…${entry.targetId.slice(-8)}`}</Code>}
    </Text>
  );
}

export function AuditMetadata({ entry }: { entry: AuditLogEntry }) {
  if (Object.keys(entry.metadata).length === 0) return null;
  return (
    <Popover position="bottom-end" withArrow shadow="md" width={360}>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Details of ${entry.action}`}>
          <IconBraces size={16} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={300}>
          <Code block>{JSON.stringify(entry.metadata, null, 2)}</Code>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
