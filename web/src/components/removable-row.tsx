import { ActionIcon, Group } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';

type RemovableRowProps = { removeLabel: string; onRemove: () => void; children: ReactNode };

/** One row of a list a form edits (identities, attributes), with its remove button at the end. */
export function RemovableRow({ removeLabel, onRemove, children }: RemovableRowProps) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="xs">
      {children}
      <ActionIcon variant="subtle" color="gray" mt={4} aria-label={removeLabel} onClick={onRemove}>
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}
